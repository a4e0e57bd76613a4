// The flush queue: each queued item flushes once per turn, after the synchronous code that queued it.
import { describe, expect, it } from 'vitest'
import { FlushQueue } from './flush-queue'

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('FlushQueue', () => {
  it('flushes each item once at the end of the turn, however often it was queued', async () => {
    const queue = new FlushQueue()
    const flushed: string[] = []
    const a = { flush: () => flushed.push('a') }
    const b = { flush: () => flushed.push('b') }
    queue.queue(a)
    queue.queue(b)
    queue.queue(a)
    expect(flushed).toEqual([])
    await nextTurn()
    expect(flushed).toEqual(['a', 'b'])
  })

  it('an item queued while flushing goes out in the next turn', async () => {
    const queue = new FlushQueue()
    let flushes = 0
    const item = {
      flush: () => {
        flushes++
        if (flushes === 1) queue.queue(item)
      },
    }
    queue.queue(item)
    await nextTurn()
    expect(flushes).toBe(1)
    await nextTurn()
    expect(flushes).toBe(2)
  })
})
