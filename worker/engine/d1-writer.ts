// Group commit for D1: statements submitted while a batch is in flight go out together in the next one.

/** Statements per combined batch; a larger backlog is sent in several batches in a row. */
const MAX_STATEMENTS = 400

interface Pending {
  statements: D1PreparedStatement[]
  resolve(results: D1Result[]): void
  reject(error: unknown): void
}

/**
 * Sends each submission at once when D1 is idle, and coalesces submissions made while a batch is in flight into the
 * next batch: no added delay when idle, one round trip for many runs under load. Each submission gets its own results.
 */
export class D1Writer {
  private queue: Pending[] = []
  private busy = false

  constructor(private readonly d1: () => D1Database) {}

  submit(statements: D1PreparedStatement[]): Promise<D1Result[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ statements, resolve, reject })
      if (!this.busy) void this.drain()
    })
  }

  private async drain(): Promise<void> {
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

  private async send(group: Pending[]): Promise<void> {
    try {
      const results = await this.d1().batch(group.flatMap((item) => item.statements))
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
          item.resolve(await this.d1().batch(item.statements))
        } catch (single) {
          item.reject(single)
        }
      }
    }
  }
}
