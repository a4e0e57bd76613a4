// A run stream's snapshot carries the run's finished steps (with outputs, oldest first), bounded for huge runs.
import { runInDurableObject } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { JournalRetention } from '../engine/shard/journal-retention'
import { testDurably } from '../../test/support/test-jobs'
import { runShard, waitForStatus } from '../../test/support/runs'
import { SNAPSHOT_MAX_STEPS } from '../engine/shard/snapshot-steps'
import { api } from './testing/requests'
import { readSse } from './testing/sse'

interface Event {
  type: string
  sequence: number
  stepIndex?: number
  steps?: { runId: string; name: string; index: number; status: string; output: unknown; completedAt: string | null }[]
  stepsOmitted?: number
}

async function firstEvent(runId: string): Promise<Event | undefined> {
  const { events } = await readSse<Event>(await api(`/subscribe?runId=${runId}`), { until: () => true })
  return events[0]?.data
}

describe('run:snapshot steps', () => {
  it('gives a new subscriber of a run with 3 completed steps those steps, in order, with their outputs', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 3 })
    await waitForStatus(run.id, ['completed'])
    const snapshot = await firstEvent(run.id)
    expect(snapshot?.type).toBe('run:snapshot')
    expect(snapshot?.stepsOmitted).toBe(0)
    expect(snapshot?.steps?.map(({ runId, name, index, status, output }) => ({ runId, name, index, status, output }))).toEqual([
      { runId: run.id, name: 's0', index: 0, status: 'completed', output: 0 },
      { runId: run.id, name: 's1', index: 1, status: 'completed', output: 1 },
      { runId: run.id, name: 's2', index: 2, status: 'completed', output: 2 },
    ])
    expect(snapshot?.steps?.every((step) => typeof step.completedAt === 'string')).toBe(true)
  })

  it('agrees with the events after it while the run is running: the next step event is the first step not carried', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 6, delayMs: 120 })
    await readSse<Event>(await api(`/subscribe?runId=${run.id}`), {
      until: (event) => event.data.type === 'step:complete' && event.data.stepIndex === 2,
    })
    const { events } = await readSse<Event>(await api(`/subscribe?runId=${run.id}`))
    const [snapshot, ...after] = events.map((event) => event.data)
    const carried = snapshot?.steps?.map((step) => step.name) ?? []
    expect(carried.length).toBeGreaterThanOrEqual(3)
    expect(carried).toEqual(Array.from({ length: carried.length }, (_, i) => `s${i}`))
    const completedAfter = after.filter((event) => event.type === 'step:complete').map((event) => event.stepIndex)
    expect(completedAfter).toEqual([0, 1, 2, 3, 4, 5].slice(carried.length))
  })

  it(`carries the newest ${SNAPSHOT_MAX_STEPS} steps of a longer run and says how many it left out`, async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: SNAPSHOT_MAX_STEPS + 200 })
    await waitForStatus(run.id, ['completed'], 15_000)
    const snapshot = await firstEvent(run.id)
    expect(snapshot?.steps).toHaveLength(SNAPSHOT_MAX_STEPS)
    expect(snapshot?.stepsOmitted).toBe(200)
    expect(snapshot?.steps?.[0]?.index).toBe(200)
    expect(snapshot?.steps?.at(-1)).toMatchObject({ index: SNAPSHOT_MAX_STEPS + 199, output: SNAPSHOT_MAX_STEPS + 199 })
  })

  it("reads the steps from D1 once the run's journal is retired", async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 2 })
    await waitForStatus(run.id, ['completed'])
    // The sweep its shard's alarm makes an hour after the run ended, made now.
    await vi.waitFor(() =>
      runInDurableObject(runShard(run.id) as DurableObjectStub, (_, state) => {
        const hour = 3_600_000
        new JournalRetention(state.storage.sql).sweep(Date.now() + 2 * hour, hour, () => false)
        const left = state.storage.sql.exec('SELECT 1 FROM run_state WHERE run_id = ?', run.id).toArray()
        if (left.length > 0) throw new Error('the journal is still there')
      }),
    )
    const snapshot = await firstEvent(run.id)
    expect(snapshot?.steps?.map((step) => [step.name, step.output])).toEqual([['s0', 0], ['s1', 1]])
    expect(snapshot?.stepsOmitted).toBe(0)
  })
})
