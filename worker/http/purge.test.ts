// POST /runs/purge: deletes finished runs older than a time through the real Worker; bad bodies are 400s naming the field.
import { SELF } from 'cloudflare:test'
import { hc } from 'hono/client'
import { describe, expect, it } from 'vitest'
import type { AppType } from '../app'
import { durably } from '../durably'
import { ALL_ROWS, insertStoredRun, NO_ROWS, storedRowCounts } from '../../test/support/stored-runs'
import { createDurablyHandler } from './handler'
import { api, BASE, importInput, postJson, TEST_TOKEN, trigger, waitForRun } from './testing/requests'

describe('POST /runs/purge', () => {
  it('refuses a bad body with a 400 naming the field, and deletes nothing', async () => {
    await insertStoredRun('h1-old', 'completed', '2001-01-01T00:00:00.000Z')
    const bad: [unknown, string][] = [
      [{}, 'olderThan'],
      [{ olderThan: null }, 'olderThan'],
      [{ olderThan: -1 }, 'olderThan'],
      [{ olderThan: '-30d' }, 'olderThan'],
      [{ olderThan: 'last month' }, 'olderThan'],
      [{ olderThan: '2001-02-30T00:00:00Z' }, 'olderThan'],
      [{ olderThan: { days: 30 } }, 'olderThan'],
      [{ olderThan: '30d', limit: 0 }, 'limit'],
      [{ olderThan: '30d', limit: 100_000 }, 'limit'],
      [{ olderThan: '30d', limit: '5' }, 'limit'],
      [{ olderThan: '30d', limit: 2.5 }, 'limit'],
    ]
    for (const [body, field] of bad) {
      const response = await postJson('/runs/purge', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      const error = (await response.json()) as { error: string; issues: { path: string }[] }
      expect(error.issues.map((issue) => issue.path)).toEqual([field])
      expect(error.error).toContain(field)
    }
    for (const raw of ['', 'not json', '[1, 2']) {
      const response = await api('/runs/purge', { method: 'POST', body: raw, headers: { 'Content-Type': 'application/json' } })
      expect(response.status).toBe(400)
    }
    expect(await storedRowCounts('h1-old')).toEqual(ALL_ROWS)
  })

  it('needs the token, and answers 405 to other methods', async () => {
    expect((await postJson('/runs/purge', { olderThan: '1d' }, { token: null })).status).toBe(401)
    const get = await api('/runs/purge')
    expect(get.status).toBe(405)
    expect(get.headers.get('Allow')).toBe('POST')
    expect(await storedRowCounts('h1-old')).toEqual(ALL_ROWS)
  })

  it('deletes finished runs older than the cutoff, `limit` at a time, never active ones', async () => {
    await insertStoredRun('h2-old-a', 'failed', '2002-01-01T00:00:00.000Z')
    await insertStoredRun('h2-old-b', 'cancelled', '2002-01-02T00:00:00.000Z')
    await insertStoredRun('h2-waiting', 'waiting', '2002-01-01T00:00:00.000Z')
    const first = await postJson('/runs/purge', { olderThan: '2002-06-01T00:00:00Z', limit: 2 })
    expect(first.status).toBe(200)
    // h1-old (2001) and h2-old-a go first: the oldest endings.
    expect(await first.json()).toEqual({ deleted: 2, more: true })
    expect(await storedRowCounts('h1-old')).toEqual(NO_ROWS)
    const second = await postJson('/runs/purge', { olderThan: '2002-06-01T00:00:00Z', limit: null })
    expect(await second.json()).toEqual({ deleted: 1, more: false })
    expect(await storedRowCounts('h2-old-b')).toEqual(NO_ROWS)
    expect(await storedRowCounts('h2-waiting')).toEqual(ALL_ROWS)
  })

  it('makes a purged run answer 404 everywhere, and typed through hc<AppType>', async () => {
    const runId = await trigger('import-csv', importInput(2))
    await waitForRun(runId, ['completed'])
    await new Promise((resolve) => setTimeout(resolve, 5))
    const client = hc<AppType>(new URL(BASE).origin, {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => SELF.fetch(new Request(input, init)),
      headers: { Authorization: `Bearer ${TEST_TOKEN}` },
    })
    const response = await client.api.durably.runs.purge.$post({ json: { olderThan: 0, limit: 5_000 } })
    expect(response.status).toBe(200)
    const result = await response.json()
    expect(result.deleted).toBeGreaterThanOrEqual(1)
    expect(result.more).toBe(false)
    for (const path of ['/run', '/steps', '/logs', '/subscribe']) {
      expect((await api(`${path}?runId=${runId}`)).status, path).toBe(404)
    }
    expect((await api(`/run?runId=${runId}`, { method: 'DELETE' })).status).toBe(404)
    const runs = (await (await api('/runs?limit=1000')).json()) as { id: string }[]
    expect(runs.map((run) => run.id)).not.toContain(runId)
  })
})

describe('POST /runs/purge with auth hooks', () => {
  const call = (handler: ReturnType<typeof createDurablyHandler>, user: string) =>
    handler.handle(
      new Request('http://app.test/api/durably/runs/purge', {
        method: 'POST',
        headers: { 'X-User': user },
        body: JSON.stringify({ olderThan: '2003-01-01' }),
      }),
      '/api/durably',
    )
  const authenticate = (request: Request) => ({ name: request.headers.get('X-User') ?? '' })

  it('is refused (403) to every caller when the app has auth hooks but no onPurge', async () => {
    await insertStoredRun('h3-old', 'completed', '2002-12-01T00:00:00.000Z')
    const handler = createDurablyHandler(durably, { auth: { authenticate } })
    const response = await call(handler, 'alice')
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({ error: 'Purging runs needs an onPurge auth hook' })
    expect(await storedRowCounts('h3-old')).toEqual(ALL_ROWS)
  })

  it('asks onPurge, with the caller and the purge', async () => {
    const seen: unknown[] = []
    const handler = createDurablyHandler(durably, {
      auth: {
        authenticate,
        onPurge: (ctx, purge) => {
          seen.push([ctx.name, purge])
          if (ctx.name === 'mallory') throw new Error('Admins only')
          return ctx.name === 'admin' ? undefined : false
        },
      },
    })
    expect((await call(handler, 'bob')).status).toBe(403)
    const mallory = await call(handler, 'mallory')
    expect([mallory.status, await mallory.json()]).toEqual([403, { error: 'Admins only' }])
    expect(await storedRowCounts('h3-old')).toEqual(ALL_ROWS)
    const admin = await call(handler, 'admin')
    expect([admin.status, await admin.json()]).toEqual([200, { deleted: 1, more: false }])
    expect(seen).toEqual([
      ['bob', { olderThan: '2003-01-01' }],
      ['mallory', { olderThan: '2003-01-01' }],
      ['admin', { olderThan: '2003-01-01' }],
    ])
    expect(await storedRowCounts('h3-old')).toEqual(NO_ROWS)
  })
})
