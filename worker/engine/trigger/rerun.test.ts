// Rerun from a step: a new run whose earlier steps are copied from a finished run and whose later steps execute again.
import { describe, expect, it } from 'vitest'
import { ConflictError, ValidationError } from '../errors'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'
import { api, postJson } from '../../http/testing/requests'

describe('rerun from a step', () => {
  it('copies the steps before the chosen one and executes it and the later ones', async () => {
    const source = await testDurably.jobs.counted.trigger({ steps: 4, failAt: 2 })
    expect((await waitForStatus(source.id, ['failed'])).status).toBe('failed')
    const rerun = await testDurably.retrigger(source.id, { fromStep: 2, input: { steps: 4 } })
    const done = await waitForStatus(rerun.id, ['completed', 'failed'])
    expect(done.status).toBe('completed')
    expect(done.output).toEqual({ total: 0 + 1 + 2 + 3 })
    // s0 and s1 were copied, not executed again.
    expect(executionsOf(rerun.id)).toEqual({ s2: 1, s3: 1 })
    const steps = await testDurably.getSteps(rerun.id)
    expect(steps.map((step) => [step.name, step.status, step.output])).toEqual([
      ['s0', 'completed', 0],
      ['s1', 'completed', 1],
      ['s2', 'completed', 2],
      ['s3', 'completed', 3],
    ])
  })

  it('reruns every step from 0 with the source input, and keeps the labels', async () => {
    const source = await testDurably.jobs.counted.trigger({ steps: 2 }, { labels: { team: 'x' } })
    await waitForStatus(source.id, ['completed'])
    const rerun = await testDurably.retrigger(source.id, { fromStep: 0 })
    expect((await waitForStatus(rerun.id, ['completed'])).labels).toEqual({ team: 'x' })
    expect(executionsOf(rerun.id)).toEqual({ s0: 1, s1: 1 })
  })

  it('refuses a step past the completed ones, a bad input, and an active run', async () => {
    const source = await testDurably.jobs.counted.trigger({ steps: 3, failAt: 1 })
    await waitForStatus(source.id, ['failed'])
    const count = await testDurably.countRuns()
    const past = await testDurably.retrigger(source.id, { fromStep: 2 }).catch((error: unknown) => error)
    expect(past).toBeInstanceOf(ValidationError)
    expect((past as ValidationError).issues[0]).toMatchObject({ path: 'fromStep' })
    const badInput = await testDurably.retrigger(source.id, { fromStep: 1, input: { steps: 'x' } }).catch((error: unknown) => error)
    expect((badInput as ValidationError).issues[0]?.path).toBe('input.steps')
    expect(await testDurably.countRuns()).toBe(count)
    const active = await testDurably.jobs.counted.trigger({ steps: 1, delayMs: 3_000 })
    await expect(testDurably.retrigger(active.id, { fromStep: 0 })).rejects.toBeInstanceOf(ConflictError)
    await testDurably.cancel(active.id)
  })

  it('takes fromStep and an edited input over HTTP, and answers 400 naming the field', async () => {
    const source = await testDurably.jobs.counted.trigger({ steps: 2, failAt: 1 })
    await waitForStatus(source.id, ['failed'])
    const ok = await postJson(`/retrigger?runId=${source.id}&fromStep=1`, { input: { steps: 2 } })
    expect(ok.status).toBe(200)
    const { runId } = (await ok.json()) as { runId: string }
    expect((await waitForStatus(runId, ['completed', 'failed'])).status).toBe('completed')
    expect(executionsOf(runId)).toEqual({ s1: 1 })
    // Without a body it is the plain retrigger the durably protocol knows.
    expect((await api(`/retrigger?runId=${source.id}`, { method: 'POST' })).status).toBe(200)
    const bad = await api(`/retrigger?runId=${source.id}&fromStep=-1`, { method: 'POST' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe('fromStep')
    const notJson = await api(`/retrigger?runId=${source.id}`, { method: 'POST', body: '{oops' })
    expect(notJson.status).toBe(400)
  })
})
