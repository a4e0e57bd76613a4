// Test helpers: wait for a run to reach a status, read a run's view from its shard, collect a run's SSE events.
import { env } from 'cloudflare:workers'
import { runInDurableObject } from 'cloudflare:test'
import { vi } from 'vitest'
import type { DurablyEvent, Run, RunShard } from '../../worker/engine'
import { runStub } from '../../worker/engine/bindings'
import { getRun } from '../../worker/engine/d1/run-store'
import { durably } from '../../worker/durably'

/** The run's shard with the whole class's surface (tests call its inspection methods too). */
export function runShard(runId: string): DurableObjectStub<RunShard> {
  return runStub(env, runId) as unknown as DurableObjectStub<RunShard>
}

/**
 * Waits (bounded) until the run is in one of `statuses` both as its shard reports it and in D1: D1 lags the shard by
 * its mirror's batch, and lists, steps and logs are read from D1.
 */
export async function waitForStatus(runId: string, statuses: Run['status'][], timeout = 10_000): Promise<Run> {
  const run = await waitForShardStatus(runId, statuses, timeout)
  await waitForStoredStatus(runId, statuses, timeout)
  return run
}

/** Waits (bounded) until D1's row of the run is in one of `statuses`. */
export async function waitForStoredStatus(runId: string, statuses: string[], timeout = 10_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const row = await getRun(env.DB, runId)
      if (!row || !statuses.includes(row.status)) throw new Error(`D1 has run ${runId} ${row?.status ?? 'missing'}`)
    },
    { timeout, interval: 10 },
  )
}

/** Waits (bounded) until the run's shard reports one of `statuses`, whatever D1 has. */
export async function waitForShardStatus(runId: string, statuses: Run['status'][], timeout = 10_000): Promise<Run> {
  return vi.waitFor(
    async () => {
      const run = await durably.getRun(runId)
      if (!run || !statuses.includes(run.status)) throw new Error(`run ${runId} is ${run?.status ?? 'missing'}`)
      return run
    },
    { timeout, interval: 20 },
  )
}

export function inspectRun(runId: string) {
  // The shard's Env is the engine's, not the test pool's: the callback gets the instance untyped.
  return runInDurableObject(runShard(runId) as DurableObjectStub, (instance) => (instance as unknown as RunShard).inspect(runId))
}

/** Reads a run's event stream until a terminal event (or `limit` events). */
export async function collectEvents(stream: ReadableStream<DurablyEvent>, limit = 10_000): Promise<DurablyEvent[]> {
  const events: DurablyEvent[] = []
  const reader = stream.getReader()
  while (events.length < limit) {
    const { done, value } = await reader.read()
    if (done) break
    events.push(value)
  }
  await reader.cancel().catch(() => {})
  return events
}
