// Sign-in is throttled per client and in all: past the limit, 429 with Retry-After until the window ends.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api, TEST_TOKEN } from '../testing/requests'
import { CLIENT_FAILURE_LIMIT, FAILURE_WINDOW_MS, GLOBAL_FAILURE_LIMIT } from './limits'

function signIn(token: string, client: string, body = JSON.stringify({ token })): Promise<Response> {
  return api('/session', { method: 'POST', token: null, headers: { 'CF-Connecting-IP': client }, body })
}

async function statusOf(response: Promise<Response>): Promise<number> {
  const answered = await response
  await answered.body?.cancel()
  return answered.status
}

async function failTimes(times: number, client: (i: number) => string): Promise<number[]> {
  const statuses: number[] = []
  for (let i = 0; i < times; i++) statuses.push(await statusOf(signIn('wrong-token', client(i))))
  return statuses
}

// Every test starts in a window of its own: the clock moves on by more than a window before each.
let clock = Date.now()
beforeEach(() => {
  clock += 2 * FAILURE_WINDOW_MS
  vi.setSystemTime(clock)
})
afterEach(() => {
  vi.useRealTimers()
})

describe('sign-in throttle', () => {
  it('answers 429 and Retry-After to a client out of tries, right token or not, until the window ends', async () => {
    const client = '203.0.113.7'
    expect(await failTimes(CLIENT_FAILURE_LIMIT, () => client)).toEqual(Array(CLIENT_FAILURE_LIMIT).fill(401))

    const refused = await signIn('wrong-token', client)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('Retry-After')).toBe(String(FAILURE_WINDOW_MS / 1000))
    expect(await refused.json()).toEqual({ error: 'Too many failed sign-ins: try again in 15 minutes' })
    const right = await signIn(TEST_TOKEN, client)
    expect(right.status).toBe(429)
    expect(right.headers.get('Set-Cookie')).toBeNull()

    vi.setSystemTime(clock + FAILURE_WINDOW_MS - 30_000)
    expect((await signIn(TEST_TOKEN, client)).headers.get('Retry-After')).toBe('30')
    expect(await statusOf(signIn(TEST_TOKEN, '203.0.113.8'))).toBe(200)

    vi.setSystemTime(clock + FAILURE_WINDOW_MS + 1000)
    const later = await signIn(TEST_TOKEN, client)
    expect(later.status).toBe(200)
    expect(later.headers.get('Set-Cookie')).toMatch(/^stepflare_session=[0-9a-f]{64};/)
  })

  it('lets only the limit through when wrong tokens arrive all at once', async () => {
    const attempts = Array.from({ length: 3 * CLIENT_FAILURE_LIMIT }, () => signIn('wrong-token', '203.0.113.9'))
    const statuses = await Promise.all(attempts.map(statusOf))
    expect(statuses.filter((status) => status === 401)).toHaveLength(CLIENT_FAILURE_LIMIT)
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * CLIENT_FAILURE_LIMIT)
  })

  it('counts the addresses of one IPv6 /64 as one client', async () => {
    const network = (i: number) => `2001:db8:0:42:${(i + 1).toString(16)}::1`
    expect(await failTimes(CLIENT_FAILURE_LIMIT, network)).toEqual(Array(CLIENT_FAILURE_LIMIT).fill(401))
    expect(await statusOf(signIn('wrong-token', '2001:0db8:0000:0042:ffff:0:0:9'))).toBe(429)
    expect(await statusOf(signIn('wrong-token', '2001:db8:0:43::1'))).toBe(401)
  })

  it("forgets a client's failures once it signs in with the right token", async () => {
    const client = '198.51.100.20'
    await failTimes(CLIENT_FAILURE_LIMIT - 1, () => client)
    expect(await statusOf(signIn(TEST_TOKEN, client))).toBe(200)
    expect(await failTimes(CLIENT_FAILURE_LIMIT, () => client)).toEqual(Array(CLIENT_FAILURE_LIMIT).fill(401))
  })

  it('does not count a request that is refused for its body', async () => {
    const client = '198.51.100.30'
    for (let i = 0; i < CLIENT_FAILURE_LIMIT + 5; i++) {
      const response = await signIn('', client, '{"token": ""}')
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ issues: [{ path: 'token' }] })
    }
    expect(await statusOf(signIn('wrong-token', client))).toBe(401)
  })

  it(`refuses every client once all clients together failed ${GLOBAL_FAILURE_LIMIT} times in the window`, async () => {
    const rotating = (i: number) => `192.0.2.${i % 250}`
    const statuses = await failTimes(GLOBAL_FAILURE_LIMIT, rotating)
    expect(statuses).toEqual(Array(GLOBAL_FAILURE_LIMIT).fill(401))
    const fresh = await signIn('wrong-token', '198.18.0.1')
    expect(fresh.status).toBe(429)
    expect(Number(fresh.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(await statusOf(signIn(TEST_TOKEN, '198.18.0.2'))).toBe(429)

    vi.setSystemTime(clock + FAILURE_WINDOW_MS + 1000)
    expect(await statusOf(signIn(TEST_TOKEN, '198.18.0.2'))).toBe(200)
  })
})
