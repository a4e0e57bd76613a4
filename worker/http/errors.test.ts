// Every client mistake gets its status and a JSON error naming the problem, and changes nothing.
import { describe, expect, it } from 'vitest'
import { api, importInput, postJson, trigger, waitForRun } from './testing/requests'

interface ErrorBody {
  error: string
  issues?: { path: string; message: string }[]
}

async function expectError(response: Response, status: number): Promise<ErrorBody> {
  expect(response.status).toBe(status)
  expect(response.headers.get('Content-Type')).toContain('application/json')
  const body = (await response.json()) as ErrorBody
  expect(body.error).toEqual(expect.any(String))
  return body
}

/** The number of runs in D1 once it holds still: runs of earlier tests reach D1 a batch after their shard ends them. */
async function runCount(): Promise<string | null> {
  const count = async () => (await api('/runs')).headers.get('X-Total-Count')
  let last = await count()
  for (let round = 0; round < 40; round++) {
    await new Promise((resolve) => setTimeout(resolve, 60))
    const now = await count()
    if (now === last) return now
    last = now
  }
  return last
}

const RUN_ENDPOINTS: [string, string][] = [
  ['GET', '/run'],
  ['DELETE', '/run'],
  ['GET', '/steps'],
  ['GET', '/logs'],
  ['POST', '/retrigger'],
  ['POST', '/cancel'],
  ['GET', '/subscribe'],
]

describe('400 Bad Request', () => {
  it('answers malformed or empty JSON bodies and creates nothing', async () => {
    const before = await runCount()
    const malformed = await api('/trigger', { method: 'POST', body: '{"jobName": "import-csv",', headers: { 'Content-Type': 'application/json' } })
    expect((await expectError(malformed, 400)).error).toMatch(/Malformed JSON/)
    await expectError(await api('/trigger', { method: 'POST', body: '' }), 400)
    await expectError(await postJson('/trigger', null), 400)
    await expectError(await postJson('/trigger', ['import-csv']), 400)
    expect(await runCount()).toBe(before)
  })

  it('names each body field that failed validation', async () => {
    const missing = await expectError(await postJson('/trigger', { input: {} }), 400)
    expect(missing.issues?.map((issue) => issue.path)).toEqual(['jobName'])
    expect(missing.error).toContain('jobName')
    const wrong = await expectError(
      await postJson('/trigger', { jobName: 'import-csv', input: importInput(), labels: { team: 7 }, coalesce: 'always' }),
      400,
    )
    expect(wrong.issues?.map((issue) => issue.path).sort()).toEqual(['coalesce', 'labels.team'])
  })

  it('names the wrong input field from the job schema, and creates no run', async () => {
    const before = await runCount()
    const input = { filename: 'x.csv', rows: [{ name: 'A', email: 'a@example.com' }, { name: 'B' }] }
    const body = await expectError(await postJson('/trigger', { jobName: 'import-csv', input }), 400)
    expect(body.issues).toEqual([{ path: 'input.rows.1.email', message: expect.any(String) }])
    expect(body.error).toContain('input.rows.1.email')
    expect(await runCount()).toBe(before)
  })

  it.each(RUN_ENDPOINTS)('%s %s without runId names the runId parameter', async (method, path) => {
    const body = await expectError(await api(path, { method }), 400)
    expect(body.issues).toEqual([{ path: 'runId', message: 'query parameter is required' }])
  })

  it('rejects invalid list filters, naming the parameter', async () => {
    const status = await expectError(await api('/runs?status=done'), 400)
    expect(status.issues?.[0]?.path).toBe('status')
    expect(status.issues?.[0]?.message).toContain('pending, leased, waiting, completed, failed, cancelled')
    const second = await expectError(await api('/runs?status=failed&status=nope'), 400)
    expect(second.issues?.[0]?.path).toBe('status.1')
    expect((await expectError(await api('/runs?limit=-1'), 400)).issues?.[0]?.path).toBe('limit')
    expect((await expectError(await api('/runs?offset=ten'), 400)).issues?.[0]?.path).toBe('offset')
  })

  it('rejects invalid log paging and event ids', async () => {
    const runId = await trigger('import-csv', importInput(1))
    expect((await expectError(await api(`/logs?runId=${runId}&limit=0`), 400)).issues?.[0]?.path).toBe('limit')
    expect((await expectError(await api(`/logs?runId=${runId}&after=x`), 400)).issues?.[0]?.path).toBe('after')
    const query = await expectError(await api(`/subscribe?runId=${runId}&lastEventId=-3`), 400)
    expect(query.issues?.[0]?.path).toBe('lastEventId')
    const header = await expectError(await api(`/subscribe?runId=${runId}`, { headers: { 'Last-Event-ID': 'abc' } }), 400)
    expect(header.issues?.[0]?.path).toBe('Last-Event-ID')
  })
})

describe('401 Unauthorized', () => {
  it.each([
    ['no token', '/runs', { token: null }],
    ['a wrong token', '/runs', { token: 'wrong-token' }],
    ['a wrong token, before the body is read', '/trigger', { token: 'wrong-token', method: 'POST', body: '{' }],
    ['a wrong sign-in', '/session', { token: null, method: 'POST', body: '{"token":"wrong-token"}' }],
  ] as const)('says how to authenticate after %s', async (_name, path, init) => {
    const response = await api(path, init)
    await expectError(response, 401)
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer')
  })
})

describe('404 Not Found', () => {
  it('answers an unknown job and creates nothing', async () => {
    const before = await runCount()
    const body = await expectError(await postJson('/trigger', { jobName: 'no-such-job', input: {} }), 404)
    expect(body.error).toContain('no-such-job')
    expect(await runCount()).toBe(before)
  })

  it.each(RUN_ENDPOINTS)('%s %s of an unknown run', async (method, path) => {
    await expectError(await api(`${path}?runId=missing-run`, { method }), 404)
  })

  it('answers an unknown path under the API', async () => {
    await expectError(await api('/nope'), 404)
    await expectError(await api('/runs/nope'), 404)
  })
})

describe('405 Method Not Allowed', () => {
  it.each([
    ['GET', '/trigger', 'POST'],
    ['PUT', '/runs', 'GET, HEAD'],
    ['POST', '/runs/subscribe', 'GET, HEAD'],
    ['POST', '/run', 'GET, DELETE, HEAD'],
    ['DELETE', '/steps', 'GET, HEAD'],
    ['POST', '/logs', 'GET, HEAD'],
    ['GET', '/retrigger', 'POST'],
    ['GET', '/cancel', 'POST'],
    ['POST', '/subscribe', 'GET, HEAD'],
    ['POST', '/openapi.json', 'GET, HEAD'],
    ['PUT', '/session', 'GET, POST, DELETE, HEAD'],
  ])('%s %s lists the allowed methods', async (method, path, allow) => {
    const response = await api(path, { method })
    await expectError(response, 405)
    expect(response.headers.get('Allow')).toBe(allow)
  })
})

describe('409 Conflict', () => {
  it('refuses to cancel a finished run, and to delete or retrigger an active one', async () => {
    const done = await trigger('import-csv', importInput())
    await waitForRun(done, ['completed'])
    await expectError(await api(`/cancel?runId=${done}`, { method: 'POST' }), 409)

    const active = await trigger('slow-steps', { steps: 50, delayMs: 200 })
    await waitForRun(active, ['leased'])
    await expectError(await api(`/run?runId=${active}`, { method: 'DELETE' }), 409)
    await expectError(await api(`/retrigger?runId=${active}`, { method: 'POST' }), 409)
    expect((await waitForRun(active, ['leased'])).status).toBe('leased')
    await api(`/cancel?runId=${active}`, { method: 'POST' })
    await waitForRun(active, ['cancelled'])
  })

  it('refuses a second pending run for a busy concurrency key unless coalescing', async () => {
    const body = (concurrencyKey: string, extra = {}) => ({
      jobName: 'slow-steps', input: { steps: 50, delayMs: 200 }, concurrencyKey, ...extra,
    })
    const first = await trigger('slow-steps', { steps: 50, delayMs: 200 }, { concurrencyKey: 'busy' })
    await waitForRun(first, ['leased'])
    const second = (await (await postJson('/trigger', body('busy'))).json()) as { runId: string }
    const conflict = await expectError(await postJson('/trigger', body('busy')), 409)
    expect(conflict.error).toContain('busy')
    const coalesced = await postJson('/trigger', body('busy', { coalesce: 'skip' }))
    expect(await coalesced.json()).toEqual({ runId: second.runId, disposition: 'coalesced', status: 'pending' })
    for (const runId of [second.runId, first]) await api(`/cancel?runId=${runId}`, { method: 'POST' })
    await waitForRun(first, ['cancelled'])
  })
})

describe('413 Payload Too Large', () => {
  it('refuses a body over 1 MiB', async () => {
    const before = await runCount()
    const big = { jobName: 'import-csv', input: { filename: 'x'.repeat(1_100_000), rows: [] } }
    await expectError(await postJson('/trigger', big), 413)
    expect(await runCount()).toBe(before)
  })

  it('refuses an input too large for a run row even when the body fits', async () => {
    const before = await runCount()
    const big = { jobName: 'import-csv', input: { filename: 'x'.repeat(950_000), rows: [] } }
    const body = await expectError(await postJson('/trigger', big), 413)
    expect(body.error).toContain('input')
    expect(await runCount()).toBe(before)
  })
})
