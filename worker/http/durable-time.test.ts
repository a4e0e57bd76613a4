// Durable time over HTTP: delayed triggers, waiting runs as clients see them, attempts, and bad durations refused.
import { describe, expect, it } from 'vitest'
import { testDurably } from '../../test/support/test-jobs'
import { waitForStatus } from '../../test/support/runs'
import { api, getRun, postJson } from './testing/requests'

describe('durable time over HTTP', () => {
  it('starts a run later with delay or runAt, shown pending with its start time', async () => {
    const response = await postJson('/trigger', { jobName: 'slow-steps', input: { steps: 1, delayMs: 0 }, delay: '1m' })
    expect(response.status).toBe(200)
    const { runId } = (await response.json()) as { runId: string }
    const run = await getRun(runId)
    expect(run).toMatchObject({ status: 'pending', isActive: true, isWaiting: false, waitingFor: { kind: 'delay' } })
    expect(Date.parse(String(run.wakeAt))).toBeGreaterThan(Date.now() + 50_000)
    const runAt = new Date(Date.now() + 120_000).toISOString()
    const batch = await postJson('/trigger/batch', { runs: [{ jobName: 'slow-steps', input: { steps: 1, delayMs: 0 }, runAt }] })
    const [second] = ((await batch.json()) as { runs: { runId: string }[] }).runs
    expect((await getRun(second?.runId ?? '')).wakeAt).toBe(runAt)
    for (const id of [runId, second?.runId ?? '']) await postJson(`/cancel?runId=${id}`, {})
  })

  it('refuses a bad delay or runAt with a 400 naming the field, and creates nothing', async () => {
    const count = await testDurably.countRuns()
    for (const [body, field] of [
      [{ delay: -1 }, 'delay'],
      [{ delay: 'soon' }, 'delay'],
      [{ runAt: 'tomorrow' }, 'runAt'],
      [{ runAt: '2001-01-01T00:00:00Z' }, 'runAt'],
      [{ delay: 5, runAt: new Date(Date.now() + 5_000).toISOString() }, 'runAt'],
    ] as const) {
      const response = await postJson('/trigger', { jobName: 'slow-steps', input: { steps: 1, delayMs: 0 }, ...body })
      expect(response.status, JSON.stringify(body)).toBe(400)
      const error = (await response.json()) as { issues: { path: string }[] }
      expect(error.issues[0]?.path).toBe(field)
    }
    expect(await testDurably.countRuns()).toBe(count)
  })

  it('answers GET /attempts and the attempt count in GET /steps, and lists waiting runs by status', async () => {
    const run = await testDurably.jobs.flaky.trigger({ failTimes: 1, limit: 1, delay: 400 })
    await waitForStatus(run.id, ['waiting'])
    const listed = (await (await api('/runs?status=waiting&jobName=test-flaky')).json()) as { id: string; isWaiting: boolean }[]
    expect(listed.find((item) => item.id === run.id)).toMatchObject({ isWaiting: true })
    await waitForStatus(run.id, ['completed'])
    const attempts = (await (await api(`/attempts?runId=${run.id}`)).json()) as { stepName: string; attempt: number; outcome: string }[]
    expect(attempts.filter((a) => a.stepName === 'flaky').map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'completed'],
    ])
    const steps = (await (await api(`/steps?runId=${run.id}`)).json()) as { name: string; attempts: number }[]
    expect(steps.find((step) => step.name === 'flaky')?.attempts).toBe(2)
    expect((await api('/attempts?runId=nope-0000')).status).toBe(404)
  })
})
