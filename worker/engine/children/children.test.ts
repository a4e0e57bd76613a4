// Child runs: step.invoke starts a child and waits for it durably, resumes with its output or its failure, and a
// cancelled parent cancels its child; waitForRun follows a run to its end.
import { describe, expect, it } from 'vitest'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'
import { PARENT_LABEL } from './child-runs'

async function childOf(parentId: string) {
  for (let i = 0; i < 200; i++) {
    const [child] = await testDurably.getRuns({ labels: { [PARENT_LABEL]: parentId } })
    if (child) return child
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`no child of ${parentId}`)
}

describe('child runs', () => {
  it('waits without a lease while the child runs, then resumes with its output', async () => {
    const parent = await testDurably.jobs.parent.trigger({ steps: 2, delayMs: 300 })
    const waiting = await waitForStatus(parent.id, ['waiting'])
    expect(waiting.waitingFor).toMatchObject({ kind: 'child', stepName: 'child', event: 'test-counted' })
    expect(waiting.leaseOwner).toBeNull()
    const child = await childOf(parent.id)
    expect(child).toMatchObject({ jobName: 'test-counted', labels: { [PARENT_LABEL]: parent.id } })
    const done = await waitForStatus(parent.id, ['completed', 'failed'])
    expect(done.output).toEqual({ child: { total: 1 }, error: null })
    expect(executionsOf(parent.id)).toEqual({ before: 1 })
    expect((await testDurably.getRun(child.id))?.status).toBe('completed')
  })

  it('throws the child failure in the parent as a ChildRunError', async () => {
    const parent = await testDurably.jobs.parent.trigger({ steps: 2, failAt: 1 })
    const done = await waitForStatus(parent.id, ['completed', 'failed'])
    expect((done.output as { error: string }).error).toMatch(/^ChildRunError: Child run .* failed: boom at s1$/)
  })

  it('cancels the child when the parent is cancelled', async () => {
    const parent = await testDurably.jobs.parent.trigger({ steps: 1, delayMs: 5_000 })
    await waitForStatus(parent.id, ['waiting'])
    const child = await childOf(parent.id)
    await testDurably.cancel(parent.id)
    expect((await waitForStatus(child.id, ['cancelled'])).status).toBe('cancelled')
  })

  it('cancels a child that passes the timeout, and the parent learns it', async () => {
    const parent = await testDurably.jobs.parent.trigger({ steps: 1, delayMs: 5_000, timeoutMs: 300 })
    const done = await waitForStatus(parent.id, ['completed'])
    expect((done.output as { error: string }).error).toMatch(/ChildRunError: .* did not end in time/)
    const child = await childOf(parent.id)
    expect((await waitForStatus(child.id, ['cancelled'])).status).toBe('cancelled')
  })

  it('waitForRun follows a run to its end, reporting progress', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 2, delayMs: 100 })
    const progress: unknown[] = []
    const done = await testDurably.waitForRun(run.id, { onProgress: (value) => progress.push(value) })
    expect(done.status).toBe('completed')
    expect(progress.at(-1)).toEqual({ current: 2, total: 2, message: 'done' })
    const sleeper = await testDurably.jobs.sleeper.trigger({ ms: 60_000 })
    await expect(testDurably.waitForRun(sleeper.id, { timeout: 300 })).rejects.toThrow(/Timed out after 300 ms/)
    await testDurably.cancel(sleeper.id)
  })
})
