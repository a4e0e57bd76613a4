// Every endpoint of the durably API answering a correct request, through the real Worker entry (D1 + Durable Objects).
import { SELF } from 'cloudflare:test'
import { hc } from 'hono/client'
import { describe, expect, it } from 'vitest'
import type { AppType } from '../app'
import { api, BASE, getRun, importInput, postJson, TEST_TOKEN, trigger, waitForRun } from './testing/requests'

const CLIENT_RUN_KEYS = [
  'completedAt', 'completedStepCount', 'createdAt', 'currentStepIndex', 'error', 'id', 'input', 'isActive',
  'isTerminal', 'isWaiting', 'jobName', 'labels', 'output', 'progress', 'startedAt', 'status', 'waitingFor', 'wakeAt',
].sort()

describe('POST /trigger/batch', () => {
  it('starts every run of the body, in order', async () => {
    const response = await postJson('/trigger/batch', {
      runs: [
        { jobName: 'import-csv', input: importInput(2) },
        { jobName: 'slow-steps', input: { steps: 1, delayMs: 0 }, labels: { via: 'batch' } },
      ],
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { runs: { runId: string; disposition: string }[] }
    expect(body.runs.map((run) => run.disposition)).toEqual(['created', 'created'])
    const first = await waitForRun(body.runs[0]?.runId ?? '', ['completed'])
    const second = await waitForRun(body.runs[1]?.runId ?? '', ['completed'])
    expect(first.jobName).toBe('import-csv')
    expect(second.labels).toEqual({ via: 'batch' })
  })

  it('refuses the whole batch when one run is invalid, naming it, and creates nothing', async () => {
    const before = Number((await api('/runs?limit=1')).headers.get('X-Total-Count'))
    const bad = await postJson('/trigger/batch', {
      runs: [{ jobName: 'import-csv', input: importInput(1) }, { jobName: 'import-csv', input: { filename: 3 } }],
    })
    expect(bad.status).toBe(400)
    const error = (await bad.json()) as { error: string; issues: { path: string }[] }
    expect(error.issues.map((issue) => issue.path)).toContain('runs.1.input.filename')
    const unknown = await postJson('/trigger/batch', { runs: [{ jobName: 'no-such-job', input: {} }] })
    expect(unknown.status).toBe(404)
    const empty = await postJson('/trigger/batch', { runs: [] })
    expect(empty.status).toBe(400)
    expect(Number((await api('/runs?limit=1')).headers.get('X-Total-Count'))).toBe(before)
  })
})

describe('POST /trigger', () => {
  it('creates a run and answers its id, disposition and status', async () => {
    const response = await postJson('/trigger', { jobName: 'import-csv', input: importInput() })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { runId: string; disposition: string }
    expect(body).toEqual({ runId: expect.any(String), disposition: 'created', status: 'pending' })
    const run = await waitForRun(body.runId, ['completed'])
    expect(run.output).toEqual({ imported: 2 })
  })

  it('answers the existing run for a repeated idempotency key', async () => {
    const first = await postJson('/trigger', { jobName: 'import-csv', input: importInput(), idempotencyKey: 'once' })
    const second = await postJson('/trigger', { jobName: 'import-csv', input: importInput(), idempotencyKey: 'once' })
    const a = (await first.json()) as { runId: string; disposition: string }
    const b = (await second.json()) as { runId: string; disposition: string }
    expect(b).toEqual({ runId: a.runId, disposition: 'idempotent', status: expect.stringMatching(/^(pending|leased|completed)$/) })
  })

  it('accepts a JSON body sent without a Content-Type, as curl users often do', async () => {
    const response = await api('/trigger', {
      method: 'POST',
      body: JSON.stringify({ jobName: 'import-csv', input: importInput(1) }),
    })
    expect(response.status).toBe(200)
  })
})

describe('GET /run, /steps, /logs', () => {
  it('answers the run as clients see it, without lease bookkeeping', async () => {
    const runId = await trigger('import-csv', importInput(), { labels: { team: 'a' } })
    const run = await waitForRun(runId, ['completed'])
    expect(Object.keys(run).sort()).toEqual(CLIENT_RUN_KEYS)
    expect(run).toMatchObject({ id: runId, jobName: 'import-csv', labels: { team: 'a' }, isTerminal: true, isActive: false })
  })

  it('lists the steps in order', async () => {
    const runId = await trigger('import-csv', importInput())
    await waitForRun(runId, ['completed'])
    const response = await api(`/steps?runId=${runId}`)
    expect(response.status).toBe(200)
    const steps = (await response.json()) as { name: string; index: number; status: string; runId: string }[]
    expect(steps.map((step) => [step.name, step.index, step.status, step.runId])).toEqual([
      ['validate', 0, 'completed', runId],
      ['import', 1, 'completed', runId],
    ])
  })

  it('pages the stored logs with after and limit', async () => {
    const runId = await trigger('slow-steps', { steps: 5, delayMs: 0 })
    await waitForRun(runId, ['completed'])
    const all = (await (await api(`/logs?runId=${runId}`)).json()) as { message: string; sequence: number }[]
    expect(all.map((log) => log.message)).toEqual(['Step 1 done', 'Step 2 done', 'Step 3 done', 'Step 4 done', 'Step 5 done'])
    const sequences = all.map((log) => log.sequence)
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences)
    const page = (await (await api(`/logs?runId=${runId}&after=${sequences[1]}&limit=2`)).json()) as { message: string }[]
    expect(page.map((log) => log.message)).toEqual(['Step 3 done', 'Step 4 done'])
  })
})

describe('GET /runs', () => {
  it('lists newest first with filters, and the total in X-Total-Count', async () => {
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push(await trigger('import-csv', importInput(1), { labels: { batch: 'list', n: String(i) } }))
    const failed = await trigger('slow-steps', { steps: 1, delayMs: 0, failAt: 1 }, { labels: { batch: 'list' } })
    await waitForRun(failed, ['failed'])
    for (const id of ids) await waitForRun(id, ['completed'])

    const everything = await api('/runs?label.batch=list')
    expect(everything.status).toBe(200)
    expect(everything.headers.get('X-Total-Count')).toBe('4')
    const listed = (await everything.json()) as { id: string }[]
    expect(listed.map((run) => run.id)).toEqual([failed, ...ids.reverse()])

    const page = await api('/runs?label.batch=list&jobName=import-csv&limit=2&offset=1')
    expect(page.headers.get('X-Total-Count')).toBe('3')
    expect(((await page.json()) as { id: string }[]).map((run) => run.id)).toEqual(ids.slice(1, 3))

    const byStatus = await api('/runs?label.batch=list&status=failed&status=cancelled')
    expect(((await byStatus.json()) as { id: string }[]).map((run) => run.id)).toEqual([failed])

    const byTwoLabels = await api('/runs?label.batch=list&label.n=1')
    expect(((await byTwoLabels.json()) as { id: string }[]).map((run) => run.id)).toEqual([ids[1]])
  })
})

describe('POST /retrigger, POST /cancel, DELETE /run', () => {
  it('retriggers a finished run as a fresh run with the same input and labels', async () => {
    const runId = await trigger('import-csv', importInput(), { labels: { origin: 'retrigger' } })
    await waitForRun(runId, ['completed'])
    const response = await api(`/retrigger?runId=${runId}`, { method: 'POST' })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { success: boolean; runId: string }
    expect(body).toEqual({ success: true, runId: expect.any(String) })
    expect(body.runId).not.toBe(runId)
    const fresh = await waitForRun(body.runId, ['completed'])
    expect(fresh.input).toEqual(importInput())
    expect(fresh.labels).toEqual({ origin: 'retrigger' })
  })

  it('cancels a running run', async () => {
    const runId = await trigger('slow-steps', { steps: 50, delayMs: 200 })
    await waitForRun(runId, ['leased'])
    const response = await api(`/cancel?runId=${runId}`, { method: 'POST' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ success: true })
    expect((await waitForRun(runId, ['cancelled'])).status).toBe('cancelled')
  })

  it('deletes a finished run, after which it is unknown', async () => {
    const runId = await trigger('import-csv', importInput())
    await waitForRun(runId, ['completed'])
    const response = await api(`/run?runId=${runId}`, { method: 'DELETE' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ success: true })
    expect((await api(`/run?runId=${runId}`)).status).toBe(404)
    expect((await api(`/steps?runId=${runId}`)).status).toBe(404)
  })
})

describe('typed client', () => {
  it('reaches every route through hc<AppType> with the types of the app', async () => {
    const client = hc<AppType>(new URL(BASE).origin, {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => SELF.fetch(new Request(input, init)),
      headers: { Authorization: `Bearer ${TEST_TOKEN}` },
    })
    const durably = client.api.durably
    const triggered = await durably.trigger.$post({ json: { jobName: 'import-csv', input: importInput(1) } })
    const { runId } = await triggered.json()
    await waitForRun(runId, ['completed'])
    const run = await (await durably.run.$get({ query: { runId } })).json()
    expect(run.status).toBe('completed')
    const runs = await (await durably.runs.$get({ query: { jobName: 'import-csv', limit: '1' } })).json()
    expect(runs[0]?.jobName).toBe('import-csv')
    const steps = await (await durably.steps.$get({ query: { runId } })).json()
    expect(steps.map((step) => step.name)).toEqual(['validate', 'import'])
    const session = await (await durably.session.$get()).json()
    expect(session).toEqual({ authenticated: true, configured: true, required: true })
    expect((await getRun(runId)).id).toBe(runId)
  })
})
