// Streams whose client went away leave nothing behind: no subscriber, filter or timer in the feed or the run's shard.
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { feedStub } from '../bindings'
import { api, trigger } from '../../http/testing/requests'
import { inspectRun, waitForShardStatus } from '../../../test/support/runs'
import { durably } from '../../durably'

const CLIENTS = 12

/** Opens `path` as a client would, reads its first chunk, then goes away (cancels the body). */
async function connectAndLeave(path: string): Promise<void> {
  const response = await api(path)
  expect(response.status).toBe(200)
  const reader = response.body!.getReader()
  await reader.read()
  await reader.cancel()
}

async function feedState(jobName: string) {
  return feedStub(env, jobName).inspect()
}

// Nothing is written to these streams after their first chunk (no run of their job moves, and the keep-alive is 15 s
// away), so only the end of the client's request can tell their objects that the reader left.
describe('a stream whose client left', () => {
  it('leaves no subscriber, filter or timer in the feed objects (one job, and every job merged)', async () => {
    for (let i = 0; i < CLIENTS; i++) await connectAndLeave('/runs/subscribe?jobName=import-csv')
    for (let i = 0; i < CLIENTS; i++) await connectAndLeave('/runs/subscribe')
    for (const jobName of ['import-csv', 'slow-steps']) {
      await vi.waitFor(async () => expect(await feedState(jobName)).toEqual({ subscribers: 0, filters: 0, timers: 0 }), {
        timeout: 3_000,
        interval: 20,
      })
    }
  })

  it('leaves no subscriber in the shard of a quiet run', async () => {
    // One step that waits 8 s without progress: the run's streams get nothing after their snapshot.
    const runId = await trigger('slow-steps', { steps: 1, delayMs: 8_000 })
    await waitForShardStatus(runId, ['leased'])
    for (let i = 0; i < CLIENTS; i++) await connectAndLeave(`/subscribe?runId=${runId}`)
    await vi.waitFor(async () => expect((await inspectRun(runId)).subscribers).toBe(0), {
      timeout: 3_000,
      interval: 20,
    })
    await durably.cancel(runId)
    await waitForShardStatus(runId, ['cancelled'])
  })
})
