// Test helper: requests to the Worker under test, with or without the API token.
import { SELF } from 'cloudflare:test'
import { waitForStoredStatus } from '../../../test/support/runs'

export const TEST_TOKEN = 'test-token'
export const BASE = 'http://stepflare.test/api/durably'

/** Sends a request to the real Worker entry (its `fetch`), authenticated with the test token unless told not to. */
export function api(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const { token = TEST_TOKEN, ...rest } = init
  const headers = new Headers(rest.headers)
  if (token !== null) headers.set('Authorization', `Bearer ${token}`)
  return SELF.fetch(new Request(`${BASE}${path}`, { ...rest, headers }))
}

export function postJson(path: string, body: unknown, init: RequestInit & { token?: string | null } = {}) {
  const headers = new Headers(init.headers)
  headers.set('Content-Type', 'application/json')
  return api(path, { ...init, method: 'POST', headers, body: JSON.stringify(body) })
}

export const importInput = (rows = 3) => ({
  filename: 'people.csv',
  rows: Array.from({ length: rows }, (_, i) => ({ name: `Person ${i}`, email: i % 2 === 0 ? `p${i}@example.com` : 'bad' })),
})

/** Triggers a job through the API and returns its run id. */
export async function trigger(jobName: string, input: unknown, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await postJson('/trigger', { jobName, input, ...extra })
  if (response.status !== 200) throw new Error(`trigger ${jobName}: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { runId: string }).runId
}

export interface RunBody {
  id: string
  jobName: string
  status: string
  input: unknown
  output: unknown
  labels: Record<string, string>
  [field: string]: unknown
}

export async function getRun(runId: string): Promise<RunBody> {
  const response = await api(`/run?runId=${runId}`)
  if (response.status !== 200) throw new Error(`run ${runId}: ${response.status}`)
  return (await response.json()) as RunBody
}

/** Polls GET /run until the run reaches one of `statuses` (bounded by `timeoutMs`). */
export async function waitForRun(runId: string, statuses: string[], timeoutMs = 10_000): Promise<RunBody> {
  const deadline = Date.now() + timeoutMs
  let run = await getRun(runId)
  while (!statuses.includes(run.status)) {
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    run = await getRun(runId)
  }
  // GET /run asks the run's shard; lists, steps and logs come from D1, which follows a batch later.
  await waitForStoredStatus(runId, statuses, Math.max(0, deadline - Date.now()))
  return run
}
