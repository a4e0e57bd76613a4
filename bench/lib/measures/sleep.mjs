// Stepflare only: how late durable sleeps resume (server clock: the step after the sleep against its wake time), and
// the CPU a server uses while many runs sleep (none should be held in memory or polled).
import { groupCpuMs } from '../process-group.mjs'
import { percentile, round, sleep } from '../stats.mjs'

/**
 * Triggers `runs` runs that sleep `sleepMs` (one batch request), waits for all, and reads their lateness. With
 * `spreadMs`, run i sleeps `i × spreadMs` longer: wake times apart show the timer's own precision, wake times together
 * also how long a hundred runs resuming at once queue for the shards.
 */
export async function measureSleepLateness(client, { runs, sleepMs, timeoutMs, spreadMs = 0 }) {
  const ids = await client.triggerBatch(Array.from({ length: runs }, (_, i) => ({ jobName: 'bench-sleep', input: { ms: sleepMs + i * spreadMs } })))
  const deadline = Date.now() + timeoutMs
  const late = []
  for (const id of ids) {
    let run = await client.getRun(id)
    while (!run.isTerminal && Date.now() < deadline) {
      await sleep(50)
      run = await client.getRun(id)
    }
    if (run.status !== 'completed') throw new Error(`sleeping run ${id} ended ${run.status}`)
    late.push(run.output.lateMs)
  }
  return { runs: late.length, sleepMs, spreadMs, p50Ms: round(percentile(late, 50)), p99Ms: round(percentile(late, 99)), maxMs: Math.max(...late) }
}

/** CPU of the server's process group over `windowMs` while `runs` runs sleep (their wake time is after the window). */
export async function measureSleepingCpu(server, client, { runs, windowMs }) {
  const ids = await client.triggerBatch(
    Array.from({ length: runs }, () => ({ jobName: 'bench-sleep', input: { ms: windowMs + 5_000 } })),
  )
  // Let them reach their sleep, then measure.
  await sleep(1_000)
  const waiting = (await Promise.all(ids.map((id) => client.getRun(id)))).filter((run) => run.status === 'waiting').length
  const before = groupCpuMs(server.pid)
  const started = performance.now()
  await sleep(windowMs)
  const used = groupCpuMs(server.pid) - before
  const elapsed = performance.now() - started
  return { runs, waiting, windowMs: round(elapsed, 0), cpuMs: used, cpuPercent: round((used / elapsed) * 100, 2) }
}
