// The auth hooks of createDurablyHandler on every endpoint: authenticate, onTrigger, onRunAccess, scopeRuns.
import { describe, expect, it, vi } from 'vitest'
import { durably } from '../durably'
import { NotFoundError } from '../engine/errors'
import { createDurablyHandler } from './handler'
import { readSse } from './testing/sse'
import { importInput } from './testing/requests'
import type { RunOperation } from './types'

const BASE = 'http://app.test/api/durably'

interface User {
  name: string
}

const calls: { hook: string; user: string; detail: string }[] = []
let requestsSeen = 0

/** A multi-user app: the `X-User` header names the caller; runs carry an `owner` label. */
const handler = createDurablyHandler<User>(durably, {
  onRequest: () => {
    requestsSeen++
  },
  auth: {
    authenticate: (request) => {
      const name = request.headers.get('X-User')
      if (name === 'teapot') throw new Response('I am a teapot', { status: 418 })
      if (name === 'bare-401') throw new Response('Sign in first', { status: 401 })
      return name ? { name } : null
    },
    onTrigger: (ctx, trigger) => {
      calls.push({ hook: 'onTrigger', user: ctx.name, detail: trigger.jobName })
      if (trigger.labels?.owner !== ctx.name) throw new Error('Runs must be labelled with their owner')
    },
    onRunAccess: (ctx, run, { operation }) => {
      calls.push({ hook: 'onRunAccess', user: ctx.name, detail: operation })
      if (ctx.name === 'carol' && run.labels.owner !== 'carol') throw new NotFoundError('Run not found')
      if (ctx.name === 'dave') return false
      if (ctx.name === 'mallory') throw new Response('Unavailable For Legal Reasons', { status: 451 })
      if (run.labels.owner !== ctx.name) throw new Error(`Not your run (${operation})`)
    },
    scopeRuns: (ctx, filter) => ({ ...filter, labels: { ...filter.labels, owner: ctx.name } }),
  },
})

function call(path: string, user: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  if (user) headers.set('X-User', user)
  return handler.handle(new Request(`${BASE}${path}`, { ...init, headers }), '/api/durably')
}

async function triggerAs(user: string, input: unknown = importInput(1), jobName = 'import-csv') {
  const response = await call('/trigger', user, {
    method: 'POST',
    body: JSON.stringify({ jobName, input, labels: { owner: user } }),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { runId: string }).runId
}

async function waitUntilDone(runId: string, user: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const run = (await (await call(`/run?runId=${runId}`, user)).json()) as { isTerminal: boolean }
    if (run.isTerminal) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`run ${runId} did not finish`)
}

const RUN_OPERATIONS: [RunOperation, string, string][] = [
  ['read', 'GET', '/run'],
  ['steps', 'GET', '/steps'],
  ['logs', 'GET', '/logs'],
  ['subscribe', 'GET', '/subscribe'],
  ['retrigger', 'POST', '/retrigger'],
  ['cancel', 'POST', '/cancel'],
  ['delete', 'DELETE', '/run'],
]

describe('authenticate', () => {
  const everyPath: [string, string][] = [
    ['POST', '/trigger'],
    ['GET', '/runs'],
    ['GET', '/runs/subscribe'],
    ...RUN_OPERATIONS.map(([, method, path]): [string, string] => [method, `${path}?runId=x`]),
    ['GET', '/openapi.json'],
    ['GET', '/unknown'],
  ]

  it.each(everyPath)('%s %s answers 401 when authenticate returns no context', async (method, path) => {
    const response = await call(path, null, { method, body: method === 'GET' ? undefined : '{}' })
    expect(response.status).toBe(401)
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer')
    expect(await response.json()).toEqual({ error: 'Unauthorized' })
  })

  it('sends a Response that authenticate throws as it is', async () => {
    const response = await call('/runs', 'teapot')
    expect(response.status).toBe(418)
    expect(await response.text()).toBe('I am a teapot')
  })

  it('adds WWW-Authenticate to a 401 Response that authenticate throws without one', async () => {
    const response = await call('/runs', 'bare-401')
    expect(response.status).toBe(401)
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer')
    expect(await response.text()).toBe('Sign in first')
  })

  it('calls onRequest only after authentication succeeded', async () => {
    const before = requestsSeen
    expect((await call('/runs', null)).status).toBe(401)
    expect(requestsSeen).toBe(before)
    expect((await call('/runs', 'alice')).status).toBe(200)
    expect(requestsSeen).toBe(before + 1)
  })

  it('refuses auth options without authenticate', () => {
    expect(() => createDurablyHandler(durably, { auth: {} as never })).toThrow(/authenticate is required/)
  })
})

describe('onTrigger', () => {
  it('runs only for valid requests of known jobs, and its refusal is a 403 that creates nothing', async () => {
    calls.length = 0
    const invalid = await call('/trigger', 'bob', {
      method: 'POST',
      body: JSON.stringify({ jobName: 'import-csv', input: { rows: 'none' }, labels: { owner: 'bob' } }),
    })
    expect(invalid.status).toBe(400)
    const unknown = await call('/trigger', 'bob', { method: 'POST', body: JSON.stringify({ jobName: 'nope', input: {} }) })
    expect(unknown.status).toBe(404)
    expect(calls.filter((entry) => entry.hook === 'onTrigger')).toEqual([])

    const before = (await call('/runs', 'alice')).headers.get('X-Total-Count')
    const denied = await call('/trigger', 'bob', {
      method: 'POST',
      body: JSON.stringify({ jobName: 'import-csv', input: importInput(1), labels: { owner: 'alice' } }),
    })
    expect(denied.status).toBe(403)
    expect(await denied.json()).toEqual({ error: 'Runs must be labelled with their owner' })
    expect(calls).toEqual([{ hook: 'onTrigger', user: 'bob', detail: 'import-csv' }])
    expect((await call('/runs', 'alice')).headers.get('X-Total-Count')).toBe(before)
  })
})

describe('onRunAccess', () => {
  it.each(RUN_OPERATIONS)('%s (%s %s): another user gets 403, the owner is served', async (operation, method, path) => {
    const runId = await triggerAs('alice')
    await waitUntilDone(runId, 'alice')
    calls.length = 0
    const denied = await call(`${path}?runId=${runId}`, 'bob', { method })
    expect(denied.status).toBe(403)
    expect(await denied.json()).toEqual({ error: `Not your run (${operation})` })
    expect(calls).toEqual([{ hook: 'onRunAccess', user: 'bob', detail: operation }])

    const served = await call(`${path}?runId=${runId}`, 'alice', { method })
    await served.body?.cancel()
    expect(served.status).toBe(operation === 'cancel' ? 409 : 200)
  })

  it('can hide a run (404), deny by returning false (403) or answer with its own Response', async () => {
    const runId = await triggerAs('alice')
    expect((await call(`/run?runId=${runId}`, 'carol')).status).toBe(404)
    expect((await call(`/run?runId=${runId}`, 'dave')).status).toBe(403)
    const own = await call(`/subscribe?runId=${runId}`, 'mallory')
    expect(own.status).toBe(451)
    expect(await own.text()).toBe('Unavailable For Legal Reasons')
  })
})

describe('scopeRuns', () => {
  it('limits the list and its total to what the caller may see', async () => {
    const mine = await triggerAs('erin')
    const theirs = await triggerAs('frank')
    // Lists come from D1, which has a run once its shard's first batch landed.
    await vi.waitFor(async () => {
      const ids = (await durably.getRuns({ limit: 1000 })).map((run) => run.id)
      if (!ids.includes(mine) || !ids.includes(theirs)) throw new Error('not in D1 yet')
    })
    const response = await call('/runs?label.owner=frank', 'erin')
    expect(response.headers.get('X-Total-Count')).toBe('1')
    expect(((await response.json()) as { id: string }[]).map((run) => run.id)).toEqual([mine])
  })

  it('limits the runs feed too, when no scopeRunsSubscribe is given', async () => {
    const feed = await call('/runs/subscribe', 'grace')
    expect(feed.status).toBe(200)
    const hidden = await triggerAs('heidi')
    const visible = await triggerAs('grace')
    const { events } = await readSse<{ runId: string; type: string }>(feed, {
      until: (event) => event.data.runId === visible && event.data.type === 'run:complete',
    })
    expect(events.some((event) => event.data.runId === visible)).toBe(true)
    expect(events.some((event) => event.data.runId === hidden)).toBe(false)
  })

  it('uses scopeRunsSubscribe for the feed when given', async () => {
    const scoped = createDurablyHandler<User>(durably, {
      auth: {
        authenticate: () => ({ name: 'ivan' }),
        scopeRuns: () => {
          throw new Error('scopeRuns must not scope the feed')
        },
        scopeRunsSubscribe: (_ctx, filter) => ({ ...filter, labels: { owner: 'ivan' } }),
      },
    })
    const feed = await scoped.handle(new Request(`${BASE}/runs/subscribe`), '/api/durably')
    expect(feed.status).toBe(200)
    const hidden = await triggerAs('judy')
    const visible = await triggerAs('ivan')
    const { events } = await readSse<{ runId: string; type: string }>(feed, {
      until: (event) => event.data.runId === visible && event.data.type === 'run:complete',
    })
    expect(events.some((event) => event.data.runId === hidden)).toBe(false)
    const list = await scoped.handle(new Request(`${BASE}/runs`), '/api/durably')
    expect(list.status).toBe(403)
  })
})
