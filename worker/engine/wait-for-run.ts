// durably.waitForRun: follows a run's stream until it ends (or the caller's timeout), reporting progress and logs.
import type { DurablyEvent } from './protocol/events'
import { parseEventStream } from './protocol/sse-parse'
import { isTerminalStatus } from './protocol/statuses'
import type { Log, ProgressData, Run } from './protocol/records'
import { NotFoundError } from './errors'

export interface WaitForRunOptions {
  /** Give up after this many milliseconds (default 15 minutes); the run goes on. */
  timeout?: number
  onProgress?: (progress: ProgressData) => void
  onLog?: (log: Pick<Log, 'level' | 'message' | 'data' | 'stepName'>) => void
}

/**
 * Resolves with the run once it has ended (completed, failed or cancelled; a waiting run is not ended), reading its
 * events from `open()`; rejects when it was deleted, is unknown, or the timeout passes first.
 */
export async function waitForRun(
  runId: string,
  open: () => Promise<Response>,
  read: () => Promise<Run | null>,
  options: WaitForRunOptions = {},
): Promise<Run> {
  const timeout = options.timeout ?? 15 * 60_000
  const reader = parseEventStream<DurablyEvent>((await open()).body ?? new ReadableStream()).getReader()
  const timer = setTimeout(() => reader.cancel(new Error('timeout')).catch(() => {}), timeout)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      const event = value.data
      if (event.type === 'run:progress') options.onProgress?.(event.progress)
      else if (event.type === 'log:write') options.onLog?.({ level: event.level, message: event.message, data: event.data, stepName: event.stepName })
      else if (event.type === 'run:delete') throw new NotFoundError(`Run ${runId} was deleted`)
      const ended = event.type === 'run:complete' || event.type === 'run:fail' || event.type === 'run:cancel'
      if (ended || (event.type === 'run:snapshot' && isTerminalStatus(event.run.status))) break
    }
  } finally {
    clearTimeout(timer)
    reader.cancel().catch(() => {})
  }
  const run = await read()
  if (!run) throw new NotFoundError(`Run not found: ${runId}`)
  if (!isTerminalStatus(run.status)) throw new Error(`Timed out after ${timeout} ms waiting for run ${runId} (it is ${run.status})`)
  return run
}
