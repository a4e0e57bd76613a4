// Sleeps and delayed runs: the run waits in its shard as a due time (no lease, no key, nothing in memory) and resumes.
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { collectEvents, runShard, waitForShardStatus, waitForStatus } from '../../../test/support/runs'
import { keyStub } from '../bindings'
import type { KeyObject } from '../keys/key-object'
import { env } from 'cloudflare:workers'

/** Whether the run's shard holds it in memory now (a waiting run should not be). */
function inMemory(runId: string): Promise<boolean> {
  return runInDurableObject(runShard(runId) as DurableObjectStub, (instance) =>
    (instance as unknown as { hosts: Map<string, unknown> }).hosts.has(runId),
  )
}

describe('step.sleep', () => {
  it('suspends the run as waiting until its wake time, then resumes after the sleep without re-running steps', async () => {
    const run = await testDurably.jobs.sleeper.trigger({ ms: 600 })
    const waiting = await waitForStatus(run.id, ['waiting'])
    expect(waiting.waitingFor).toMatchObject({ kind: 'sleep', stepName: 'nap', stepIndex: 1 })
    expect(waiting.leaseOwner).toBeNull()
    expect(await inMemory(run.id)).toBe(false)
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('completed')
    expect((done.output as { sleptMs: number }).sleptMs).toBeGreaterThanOrEqual(600)
    expect(executionsOf(run.id)).toEqual({ before: 1, after: 1 })
    const steps = await testDurably.getSteps(run.id)
    expect(steps.map((step) => [step.name, step.status])).toEqual([
      ['before', 'completed'],
      ['nap', 'completed'],
      ['after', 'completed'],
    ])
    const events = await collectEvents(testDurably.subscribe(run.id, { afterSequence: 0 }))
    expect(events.find((event) => event.type === 'run:waiting')).toMatchObject({ waitingFor: { kind: 'sleep' }, wakeAt: waiting.wakeAt })
  })

  it('accepts duration strings and resumes on time after every object restarted', async () => {
    const run = await testDurably.jobs.sleeper.trigger({ ms: '1s' })
    const waiting = await waitForStatus(run.id, ['waiting'])
    const wakeAt = Date.parse(waiting.wakeAt ?? '')
    await abortAllDurableObjects()
    const done = await waitForShardStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('completed')
    expect(Date.parse(done.completedAt ?? '')).toBeGreaterThanOrEqual(wakeAt)
  })

  it('does not resume early when the alarm fires before the wake time', async () => {
    const run = await testDurably.jobs.sleeper.trigger({ ms: 60_000 })
    await waitForStatus(run.id, ['waiting'])
    await runDurableObjectAlarm(runShard(run.id) as DurableObjectStub)
    expect((await testDurably.getRun(run.id))?.status).toBe('waiting')
    expect(executionsOf(run.id)).toEqual({ before: 1 })
    await testDurably.cancel(run.id)
  })

  it('sleepUntil a time in the past returns at once', async () => {
    const result = await testDurably.jobs.sleeper.triggerAndWait({ until: new Date(Date.now() - 1_000).toISOString() })
    expect(result.output.sleptMs).toBeGreaterThanOrEqual(0)
  })

  it('cancels a sleeping run at once', async () => {
    const run = await testDurably.jobs.sleeper.trigger({ ms: 60_000 })
    await waitForStatus(run.id, ['waiting'])
    await testDurably.cancel(run.id)
    const done = await waitForStatus(run.id, ['cancelled'])
    expect(done.wakeAt).toBeNull()
    const due = await runInDurableObject(runShard(run.id) as DurableObjectStub, (_, state) =>
      state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM due WHERE run_id = ?', run.id).one().n,
    )
    expect(due).toBe(0)
  })

  it('releases its concurrency key while it sleeps, so another run of the key executes meanwhile', async () => {
    const sleeper = await testDurably.jobs.sleeper.trigger({ ms: 1_000 }, { concurrencyKey: 'sleep-key' })
    await waitForStatus(sleeper.id, ['waiting'])
    const other = await testDurably.jobs.counted.trigger({ steps: 1 }, { concurrencyKey: 'sleep-key' })
    expect((await waitForStatus(other.id, ['completed'])).status).toBe('completed')
    expect((await waitForStatus(sleeper.id, ['completed'])).status).toBe('completed')
    // The key is released right after D1 records the ending.
    await vi.waitFor(async () => expect((await (keyStub(env, 'sleep-key') as unknown as DurableObjectStub<KeyObject>).inspect()).holder).toBeNull())
  })
})

describe('delayed runs', () => {
  it('keeps a delayed run pending with its start time, then starts it on time', async () => {
    const before = Date.now()
    const run = await testDurably.jobs.counted.trigger({ steps: 1 }, { delay: 700 })
    expect(run.status).toBe('pending')
    expect(run.waitingFor).toMatchObject({ kind: 'delay' })
    const startAt = Date.parse(run.wakeAt ?? '')
    expect(startAt).toBeGreaterThanOrEqual(before + 700)
    // Listed as pending with its start time at once (D1 has it), and nothing ran yet.
    const [listed] = await testDurably.getRuns({ jobName: 'test-counted', limit: 1 })
    expect(listed).toMatchObject({ id: run.id, status: 'pending', wakeAt: run.wakeAt })
    expect(executionsOf(run.id)).toEqual({})
    const done = await waitForStatus(run.id, ['completed'])
    expect(Date.parse(done.startedAt ?? '')).toBeGreaterThanOrEqual(startAt)
    expect(done.wakeAt).toBeNull()
  })

  it('starts at runAt, and a delayed run can be cancelled before it starts', async () => {
    const runAt = new Date(Date.now() + 60_000)
    const run = await testDurably.jobs.counted.trigger({ steps: 1 }, { runAt })
    expect(run.wakeAt).toBe(runAt.toISOString())
    await testDurably.cancel(run.id)
    expect((await testDurably.getRun(run.id))?.status).toBe('cancelled')
    expect(executionsOf(run.id)).toEqual({})
  })

  it('refuses a negative delay, a runAt in the past, and both at once, creating nothing', async () => {
    const count = await testDurably.countRuns()
    const fails = (options: object) => testDurably.jobs.counted.trigger({ steps: 1 }, options).then(() => null, (error: { issues?: unknown }) => error.issues)
    expect(await fails({ delay: -5 })).toMatchObject([{ path: 'delay' }])
    expect(await fails({ delay: '5 fortnights' })).toMatchObject([{ path: 'delay' }])
    expect(await fails({ runAt: new Date(Date.now() - 3_600_000) })).toMatchObject([{ path: 'runAt', message: 'is in the past' }])
    expect(await fails({ delay: 10, runAt: new Date(Date.now() + 1_000) })).toMatchObject([{ path: 'runAt' }])
    expect(await testDurably.countRuns()).toBe(count)
  })
})
