// Group commit for D1: statements submitted close together, or while a batch is in flight, go out as one batch.
import { batchSql, type SqlStatement } from './db'

/** Statements per combined batch; a larger backlog is sent in several batches in a row. */
const MAX_STATEMENTS = 400

interface Pending {
  statements: SqlStatement[]
  resolve(results: D1Result[]): void
  reject(error: unknown): void
}

/**
 * Under load (submissions less than `windowMs` apart) gathers them for `windowMs`, and while a batch is in flight the
 * next one takes everything that arrived meanwhile, so many runs share one D1 round trip; a lone submission goes at
 * once. Each submission gets its own results, and one that fails fails alone: a combined batch that D1 refuses is
 * retried submission by submission.
 */
export class D1Writer {
  private queue: Pending[] = []
  private busy = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastArrival = 0
  /** D1 batches sent so far (retries of a refused combined batch included). */
  batchesSent = 0

  constructor(
    private readonly d1: () => D1Database,
    private readonly windowMs: () => number,
  ) {}

  submit(statements: SqlStatement[]): Promise<D1Result[]> {
    const now = Date.now()
    const window = this.windowMs()
    // Quiet (nothing else arrived within the window): send at once, so an idle system adds no delay.
    const quiet = now - this.lastArrival >= window
    this.lastArrival = now
    return new Promise((resolve, reject) => {
      this.queue.push({ statements, resolve, reject })
      if (this.busy || this.timer) return
      if (quiet) void this.drain()
      else this.timer = setTimeout(() => void this.drain(), window)
    })
  }

  private async drain(): Promise<void> {
    this.timer = null
    this.busy = true
    try {
      while (this.queue.length > 0) {
        const group: Pending[] = []
        let size = 0
        while (this.queue.length > 0 && (group.length === 0 || size + (this.queue[0]?.statements.length ?? 0) <= MAX_STATEMENTS)) {
          const next = this.queue.shift() as Pending
          group.push(next)
          size += next.statements.length
        }
        await this.send(group)
      }
    } finally {
      this.busy = false
    }
  }

  private batch(statements: SqlStatement[]): Promise<D1Result[]> {
    this.batchesSent++
    return batchSql(this.d1(), statements)
  }

  private async send(group: Pending[]): Promise<void> {
    try {
      const results = await this.batch(group.flatMap((item) => item.statements))
      let offset = 0
      for (const item of group) {
        item.resolve(results.slice(offset, offset + item.statements.length))
        offset += item.statements.length
      }
    } catch (error) {
      if (group.length === 1) return group[0]?.reject(error)
      // A batch is one transaction: retry each submission alone so one failing statement fails only its own.
      for (const item of group) {
        try {
          item.resolve(await this.batch(item.statements))
        } catch (single) {
          item.reject(single)
        }
      }
    }
  }
}
