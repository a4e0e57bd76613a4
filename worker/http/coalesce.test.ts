// POST /trigger and /trigger/batch with coalesce: answers carry the chosen run's status; bad modes are 400s.
import { describe, expect, it } from 'vitest'
import { api, postJson, trigger, waitForRun } from './testing/requests'

const slow = { steps: 30, delayMs: 200 }

interface Answer {
  runId: string
  disposition: string
  status: string
}

async function answer(body: Record<string, unknown>): Promise<Answer> {
  const response = await postJson('/trigger', { jobName: 'slow-steps', input: slow, ...body })
  expect(response.status).toBe(200)
  return (await response.json()) as Answer
}

/** How many slow-steps runs D1 lists as pending. */
async function pendingCount(): Promise<string | null> {
  return (await api('/runs?jobName=slow-steps&status=pending')).headers.get('X-Total-Count')
}

async function cancel(...runIds: string[]) {
  for (const runId of runIds) await api(`/cancel?runId=${runId}`, { method: 'POST' })
}

describe('POST /trigger with coalesce', () => {
  it("'queue' creates one run behind the running one and answers the rest with it; 'active' answers with the running run", async () => {
    const running = await trigger('slow-steps', slow, { concurrencyKey: 'h-queue' })
    await waitForRun(running, ['leased'])
    const trailing = await answer({ concurrencyKey: 'h-queue', coalesce: 'queue' })
    expect(trailing).toEqual({ runId: expect.any(String), disposition: 'created', status: 'pending' })
    expect(await answer({ concurrencyKey: 'h-queue', coalesce: 'queue' })).toEqual({ ...trailing, disposition: 'coalesced' })
    expect(await answer({ concurrencyKey: 'h-queue', coalesce: 'active' })).toEqual({ ...trailing, disposition: 'coalesced' })
    await cancel(trailing.runId)
    await waitForRun(trailing.runId, ['cancelled'])
    expect(await answer({ concurrencyKey: 'h-queue', coalesce: 'active' })).toEqual({ runId: running, disposition: 'coalesced', status: 'leased' })
    await cancel(running)
  })

  it('answers each run of a batch with its disposition and status', async () => {
    const running = await trigger('slow-steps', slow, { concurrencyKey: 'h-batch' })
    await waitForRun(running, ['leased'])
    const response = await postJson('/trigger/batch', {
      runs: [
        { jobName: 'slow-steps', input: slow, concurrencyKey: 'h-batch', coalesce: 'active' },
        { jobName: 'slow-steps', input: slow, concurrencyKey: 'h-batch', coalesce: 'queue' },
        { jobName: 'slow-steps', input: slow, concurrencyKey: 'h-batch', coalesce: 'queue' },
        { jobName: 'import-csv', input: { filename: 'a.csv', rows: [] } },
      ],
    })
    expect(response.status).toBe(200)
    const { runs } = (await response.json()) as { runs: Answer[] }
    expect(runs.map(({ disposition, status }) => [disposition, status])).toEqual([
      ['coalesced', 'leased'],
      ['created', 'pending'],
      ['coalesced', 'pending'],
      ['created', 'pending'],
    ])
    expect(runs[0]?.runId).toBe(running)
    expect(runs[2]?.runId).toBe(runs[1]?.runId)
    await cancel(runs[1]?.runId ?? '', running)
  })

  it('names the coalesce field for a bad mode or a mode without a concurrency key, and starts nothing', async () => {
    const before = await pendingCount()
    const cases: [Record<string, unknown>, string][] = [
      [{ concurrencyKey: 'h-bad', coalesce: 'always' }, "must be 'skip', 'queue' or 'active'"],
      [{ concurrencyKey: 'h-bad', coalesce: 'Queue' }, "must be 'skip', 'queue' or 'active'"],
      [{ concurrencyKey: 'h-bad', coalesce: 1 }, "must be 'skip', 'queue' or 'active'"],
      [{ coalesce: 'active' }, 'requires concurrencyKey'],
      [{ coalesce: 'queue', concurrencyKey: null }, 'requires concurrencyKey'],
    ]
    for (const [extra, message] of cases) {
      const response = await postJson('/trigger', { jobName: 'slow-steps', input: slow, ...extra })
      expect(response.status).toBe(400)
      const body = (await response.json()) as { issues: { path: string; message: string }[] }
      expect(body.issues).toEqual([{ path: 'coalesce', message }])
    }
    const batch = await postJson('/trigger/batch', {
      runs: [
        { jobName: 'slow-steps', input: slow, concurrencyKey: 'h-bad', coalesce: 'queue' },
        { jobName: 'slow-steps', input: slow, concurrencyKey: 'h-bad', coalesce: 'latest' },
      ],
    })
    expect(batch.status).toBe(400)
    expect(((await batch.json()) as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual(['runs.1.coalesce'])
    expect(await pendingCount()).toBe(before)
  })

  it('names the run status in a header when the trigger answers with the run stream', async () => {
    const response = await postJson(
      '/trigger',
      { jobName: 'import-csv', input: { filename: 'a.csv', rows: [] }, concurrencyKey: 'h-sse', coalesce: 'queue' },
      { headers: { Accept: 'text/event-stream' } },
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('X-Disposition')).toBe('created')
    expect(response.headers.get('X-Run-Status')).toBe('pending')
    await response.body?.cancel()
  })
})

describe('GET /openapi.json', () => {
  it('lists the coalesce modes and the status of a trigger answer', async () => {
    const doc = (await (await api('/openapi.json')).json()) as Record<string, any>
    const trigger = doc.paths['/trigger'].post
    const body = trigger.requestBody.content['application/json'].schema
    const coalesce = JSON.stringify(body.properties?.coalesce ?? body)
    for (const mode of ['skip', 'queue', 'active']) expect(coalesce).toContain(`"${mode}"`)
    const ok = trigger.responses['200'].content['application/json'].schema
    expect(ok.required).toEqual(['runId', 'disposition', 'status'])
    expect(ok.properties.status.enum).toEqual(['pending', 'leased', 'waiting', 'completed', 'failed', 'cancelled'])
  })
})
