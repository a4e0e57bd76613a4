// What step.invoke answers from its wait's result: the child's output, or a ChildRunError for any other ending.
import type { DurableWaitResult } from '../protocol/records'
import { ChildRunError, type ChildEnding } from './child-runs'

export function childOutput<T>(name: string, result: DurableWaitResult): T {
  if (result.type === 'timeout') throw new ChildRunError(null, 'timed_out', `Child run of step.invoke("${name}") did not end in time`)
  const ending = result.payload as ChildEnding
  if (ending.status === 'completed') return ending.output as T
  const reason = ending.status === 'failed' ? `failed: ${ending.error ?? 'failed'}` : 'was cancelled'
  throw new ChildRunError(ending.runId, ending.status, `Child run ${ending.runId} of step.invoke("${name}") ${reason}`)
}
