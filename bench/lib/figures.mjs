// The figures the bench reports: where each is found in a suite's results, its unit, and which direction is better.

/** `higher`: bigger is better (ratio = Stepflare / baseline); `lower`: smaller is better (ratio = baseline / Stepflare). */
export const FIGURES = [
  { key: 'latencyB2bP50', label: 'latency back-to-back p50', unit: 'ms', better: 'lower', pick: (s) => s.latencyBackToBack?.p50Ms },
  { key: 'latencyB2bP95', label: 'latency back-to-back p95', unit: 'ms', better: 'lower', pick: (s) => s.latencyBackToBack?.p95Ms },
  { key: 'latencyGapsP50', label: 'latency random gaps p50', unit: 'ms', better: 'lower', pick: (s) => s.latencyGaps?.p50Ms },
  { key: 'latencyGapsP95', label: 'latency random gaps p95', unit: 'ms', better: 'lower', pick: (s) => s.latencyGaps?.p95Ms },
  { key: 'stepsShort', label: 'steps/s (short run)', unit: 'steps/s', better: 'higher', pick: (s) => s.stepsShort?.stepsPerSecond },
  { key: 'stepsLong', label: 'steps/s (long run)', unit: 'steps/s', better: 'higher', pick: (s) => s.stepsLong?.stepsPerSecond },
  { key: 'burstRunsPerSecond', label: 'burst runs/s (3 steps)', unit: 'runs/s', better: 'higher', pick: (s) => s.burst?.runsPerSecond },
  // The fastest path each server offers a client: Stepflare's streaming trigger (one request) and batch trigger;
  // a server without them is measured on its only path, the rows above.
  { key: 'latencyFastB2bP50', label: 'latency b2b p50, fastest path', unit: 'ms', better: 'lower', pick: (s) => (s.latencyStreamBackToBack ?? s.latencyBackToBack)?.p50Ms },
  { key: 'latencyFastGapsP50', label: 'latency gaps p50, fastest path', unit: 'ms', better: 'lower', pick: (s) => (s.latencyStreamGaps ?? s.latencyGaps)?.p50Ms },
  { key: 'burstFastRunsPerSecond', label: 'burst runs/s, fastest path', unit: 'runs/s', better: 'higher', pick: (s) => (s.burstBatch ?? s.burst)?.runsPerSecond },
  { key: 'fanoutP50', label: 'fan-out delivery p50', unit: 'ms', better: 'lower', pick: (s) => s.fanout?.p50Ms },
  { key: 'fanoutP99', label: 'fan-out delivery p99', unit: 'ms', better: 'lower', pick: (s) => s.fanout?.p99Ms },
  { key: 'idleCpuPercent', label: 'idle CPU (% of a core)', unit: '%', better: 'lower', pick: (s) => s.idle?.cpuPercent },
  // Durable time (Stepflare only; the baseline has no sleep): how late `step.sleep` resumes, and CPU while runs sleep.
  // 100 runs whose wake times are 20 ms apart (the timer's own precision), and 100 waking at once (queueing included).
  { key: 'sleepLateP50', label: 'sleep 1 s → resumed, late p50', unit: 'ms', better: 'lower', pick: (s) => s.sleepLateness?.p50Ms },
  { key: 'sleepLateP99', label: 'sleep 1 s → resumed, late p99', unit: 'ms', better: 'lower', pick: (s) => s.sleepLateness?.p99Ms },
  { key: 'sleepTogetherP50', label: '100 sleeps waking at once, late p50', unit: 'ms', better: 'lower', pick: (s) => s.sleepLatenessTogether?.p50Ms },
  { key: 'sleepTogetherP99', label: '100 sleeps waking at once, late p99', unit: 'ms', better: 'lower', pick: (s) => s.sleepLatenessTogether?.p99Ms },
  { key: 'sleepingCpuPercent', label: 'CPU while 100 runs sleep', unit: '%', better: 'lower', pick: (s) => s.sleepingCpu?.cpuPercent },
  // Durable waits and events (Stepflare only): a signal's resume as the run's stream shows it, and one event's cost.
  { key: 'signalResumeP50', label: 'signal → run:leased p50', unit: 'ms', better: 'lower', pick: (s) => s.signalResume?.p50Ms },
  { key: 'signalResumeP99', label: 'signal → run:leased p99', unit: 'ms', better: 'lower', pick: (s) => s.signalResume?.p99Ms },
  { key: 'eventFanInAnswer', label: 'one event → all 1,000 waits resolved', unit: 'ms', better: 'lower', pick: (s) => s.eventFanIn?.answerMs },
  { key: 'eventFanInCompleted', label: 'one event → all resumed runs finished', unit: 'ms', better: 'lower', pick: (s) => s.eventFanIn?.allCompletedMs },
  { key: 'eventOneOfManyP50', label: 'one event → 1 of 1,000 keys, p50', unit: 'ms', better: 'lower', pick: (s) => s.eventOneOfMany?.p50Ms },
  { key: 'bundleGzipBytes', label: 'client JS bundle gzip', unit: 'bytes', better: 'lower', pick: (s) => s.bundle?.gzipBytes },
]

/** How many times better Stepflare is than `baseline` on `figure` (> 1 is better); null when either is missing. */
export function ratioOf(figure, stepflare, baseline) {
  if (typeof stepflare !== 'number' || typeof baseline !== 'number') return null
  const [top, bottom] = figure.better === 'higher' ? [stepflare, baseline] : [baseline, stepflare]
  if (bottom === 0) return top === 0 ? 1 : Number.POSITIVE_INFINITY
  return top / bottom
}
