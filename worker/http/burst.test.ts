// D1-backed endpoints under a burst of concurrent requests, many of them cancelled mid-way by their clients.
import { describe, expect, it } from 'vitest'
import { api, importInput, postJson, trigger, waitForRun } from './testing/requests'

/** Sends `count` requests at once and aborts each after `abortAfterMs`; answers that arrive in time are read. */
async function cancelledBurst(count: number, path: () => string, abortAfterMs: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), abortAfterMs + (i % 5))
      try {
        const response = await api(path(), { signal: controller.signal })
        await response.text()
        return response.status
      } catch {
        return 0
      } finally {
        clearTimeout(timer)
      }
    }),
  )
}

/** The promise's value, or a failure naming `what` if it takes longer than `ms` (a wedged request never answers). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

describe('a burst of requests that clients abandon', () => {
  it('leaves every D1 read and keyed trigger answering', async () => {
    const runIds = await Promise.all(Array.from({ length: 5 }, () => trigger('import-csv', importInput(2))))
    await Promise.all(runIds.map((id) => waitForRun(id, ['completed'])))

    for (let round = 0; round < 3; round++) {
      const statuses = await cancelledBurst(60, () => '/runs?limit=20', 1)
      expect(statuses.filter((status) => status >= 500)).toEqual([])
    }

    // Afterwards nothing waits on what a cancelled request left behind: reads and keyed triggers all answer.
    const answers = await within(8_000, 'reads and keyed triggers after the burst', Promise.all([
      ...Array.from({ length: 20 }, () => api('/runs?limit=20')),
      ...runIds.map((id) => api(`/steps?runId=${id}`)),
      ...runIds.map((id) => api(`/logs?runId=${id}`)),
      ...Array.from({ length: 5 }, (_, i) =>
        postJson('/trigger', { jobName: 'import-csv', input: importInput(1), idempotencyKey: `after-burst-${i}` }),
      ),
    ]))
    expect(answers.map((response) => response.status)).toEqual(answers.map(() => 200))
    const list = (await answers[0]?.json()) as unknown[]
    expect(list.length).toBeGreaterThanOrEqual(5)
  })
})
