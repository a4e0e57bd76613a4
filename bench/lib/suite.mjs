// Runs every measure against one started server, recording each result or its error.
import { createDurablyClient } from './durably-client.mjs'
import { measureBurst } from './measures/burst.mjs'
import { measureFanout } from './measures/fanout.mjs'
import { measureBundleGzip, measureIdleCpu } from './measures/idle.mjs'
import { measureLatency } from './measures/latency.mjs'
import { measureSleepLateness, measureSleepingCpu } from './measures/sleep.mjs'
import { measureStepsPerSecond } from './measures/steps.mjs'
import { measureEventFanIn, measureEventOneOfMany, measureSignalResume } from './measures/waits.mjs'
import { waitForQuiet } from './process-group.mjs'
import { sleep } from './stats.mjs'

/** Full and quick sizes; every loop is also bounded in time. */
export function benchSizes(quick) {
  return quick
    ? { latencyRuns: 30, latencyBudgetMs: 60_000, stepsShort: 1_000, stepsLong: 2_000, burstRuns: 200, burstInFlight: 50,
        fanoutSubscribers: 200, fanoutEmits: 5, fanoutGapMs: 200, fanoutLeadMs: 8_000, idleWindowMs: 3_000, tuneRuns: 150,
        floorLatencyRuns: 30, sleepRuns: 100, signalRuns: 50, eventWaits: 250, eventKeyEvents: 5 }
    : { latencyRuns: 200, latencyBudgetMs: 300_000, stepsShort: 1_000, stepsLong: 5_000, burstRuns: 1_000, burstInFlight: 50,
        fanoutSubscribers: 1_000, fanoutEmits: 8, fanoutGapMs: 200, fanoutLeadMs: 25_000, idleWindowMs: 5_000, tuneRuns: 300,
        floorLatencyRuns: 100, sleepRuns: 100, signalRuns: 100, eventWaits: 1_000, eventKeyEvents: 5 }
}

/** Measures `server` with `sizes`; `log` reports progress lines. */
export async function runSuite(server, sizes, { rootDir, log }) {
  const client = createDurablyClient(server.origin)
  const suite = { origin: server.origin, errors: {} }
  // Every measure starts from a quiet server, not in the wake of the one before: no busier than when it was idle.
  let quietPercent = 5
  const step = async (key, fn) => {
    const settledMs = await waitForQuiet(server.pid, { maxPercent: quietPercent })
    const started = Date.now()
    try {
      suite[key] = await fn()
      const took = `${((Date.now() - started) / 1000).toFixed(1)} s, after ${settledMs} ms to settle`
      log(`  ${server.label} ${key}: ${JSON.stringify(suite[key])} (${took})`)
    } catch (error) {
      suite.errors[key] = String(error?.message ?? error)
      log(`  ${server.label} ${key} FAILED: ${suite.errors[key]}`)
    }
  }
  await step('warmup', () => measureLatency(client, { runs: 3, budgetMs: 30_000, gaps: false }))
  await sleep(1_000)
  await step('idle', () => measureIdleCpu(server, { windowMs: sizes.idleWindowMs }))
  quietPercent = Math.max(5, (suite.idle?.cpuPercent ?? 0) * 1.5 + 2)
  await step('latencyBackToBack', () => measureLatency(client, { runs: sizes.latencyRuns, budgetMs: sizes.latencyBudgetMs, gaps: false }))
  await step('latencyGaps', () => measureLatency(client, { runs: sizes.latencyRuns, budgetMs: sizes.latencyBudgetMs, gaps: true }))
  await step('stepsShort', () => measureStepsPerSecond(client, { steps: sizes.stepsShort, timeoutMs: 180_000 }))
  await step('stepsLong', () => measureStepsPerSecond(client, { steps: sizes.stepsLong, timeoutMs: 300_000 }))
  await step('burst', () => measureBurst(client, { runs: sizes.burstRuns, inFlight: sizes.burstInFlight, timeoutMs: 240_000 }))
  if (server.label.startsWith('stepflare')) {
    await step('latencyStreamBackToBack', () =>
      measureLatency(client, { runs: sizes.latencyRuns, budgetMs: sizes.latencyBudgetMs, gaps: false, stream: true }))
    await step('latencyStreamGaps', () =>
      measureLatency(client, { runs: sizes.latencyRuns, budgetMs: sizes.latencyBudgetMs, gaps: true, stream: true }))
    await step('burstBatch', () => measureBurst(client, { runs: sizes.burstRuns, inFlight: 4, batch: 250, timeoutMs: 240_000 }))
    await step('signalResume', () => measureSignalResume(client, { runs: sizes.signalRuns, timeoutMs: 120_000 }))
    await step('eventFanIn', () => measureEventFanIn(client, { runs: sizes.eventWaits, timeoutMs: 120_000 }))
    await step('eventOneOfMany', () =>
      measureEventOneOfMany(client, { runs: sizes.eventWaits, events: sizes.eventKeyEvents, timeoutMs: 120_000 }))
    await step('sleepLateness', () => measureSleepLateness(client, { runs: sizes.sleepRuns, sleepMs: 1_000, spreadMs: 20, timeoutMs: 60_000 }))
    await step('sleepLatenessTogether', () => measureSleepLateness(client, { runs: sizes.sleepRuns, sleepMs: 1_000, timeoutMs: 60_000 }))
    await step('sleepingCpu', () => measureSleepingCpu(server, client, { runs: sizes.sleepRuns, windowMs: sizes.idleWindowMs }))
  }
  await step('fanout', () => measureFanout(client, fanoutOptions(sizes)))
  if (server.label.startsWith('stepflare')) suite.bundle = measureBundleGzip(rootDir)
  return suite
}

/** Burst runs/s only, for picking the baseline's best maxConcurrentRuns. */
export async function runTuningBurst(server, sizes) {
  const client = createDurablyClient(server.origin)
  await measureLatency(client, { runs: 2, budgetMs: 20_000, gaps: false })
  return measureBurst(client, { runs: sizes.tuneRuns, inFlight: sizes.burstInFlight, timeoutMs: 120_000 })
}

function fanoutOptions(sizes) {
  return {
    subscribers: sizes.fanoutSubscribers,
    emits: sizes.fanoutEmits,
    gapMs: sizes.fanoutGapMs,
    leadMs: sizes.fanoutLeadMs,
    timeoutMs: 60_000,
  }
}

/**
 * Latency (both paths, back to back and with gaps), burst and fan-out against a floor server (bench/floor): what the
 * runtime, its local plumbing and the one reader process cost with no engine at all.
 */
export async function runFloor(server, sizes, { log }) {
  const client = createDurablyClient(server.origin)
  const quietly = async (measure) => {
    await waitForQuiet(server.pid)
    return measure()
  }
  const latency = (gaps, stream) =>
    quietly(() => measureLatency(client, { runs: sizes.floorLatencyRuns, budgetMs: sizes.latencyBudgetMs, gaps, stream }))
  await measureLatency(client, { runs: 3, budgetMs: 30_000, gaps: false })
  const floor = {
    latencyBackToBack: await latency(false, false),
    latencyGaps: await latency(true, false),
    latencyStreamBackToBack: await latency(false, true),
    latencyStreamGaps: await latency(true, true),
    burst: await quietly(() => measureBurst(client, { runs: sizes.burstRuns, inFlight: sizes.burstInFlight, timeoutMs: 120_000 })),
    fanout: await quietly(() => measureFanout(client, fanoutOptions(sizes))),
  }
  log(`  ${server.label}: ${JSON.stringify(floor)}`)
  return floor
}
