// How a run's ending is recorded and what it releases: the ending journaled, then sent to D1 (or adopted from D1 after a
// cancel), then its due time, key, family (parent told, children cancelled) and waits let go.
import type { EngineEnv } from '../bindings'
import { cancelChildren, notifyParent } from '../children/child-runs'
import type { RunEnding } from '../d1/fenced-writes'
import type { RunEventBody } from '../protocol/events'
import type { Run } from '../types'
import type { RunWaits } from '../waits/run-waits'
import type { MirrorControl } from './ports'
import type { RunJournal, RunState } from './run-journal'

/** What ending a run needs from its host. */
export interface EndingHost {
  readonly runId: string
  readonly state: RunState
  readonly bindings: EngineEnv
  readonly journal: Pick<RunJournal, 'mirroredSequence' | 'lastSequence'>
  readonly mirror: Pick<MirrorControl, 'flush'>
  readonly waits: RunWaits
  saveState(): void
  emit(body: RunEventBody): unknown
  releaseKey(): Promise<void>
  releaseIfIdle(): void
  /** The run has no due time any more; with `recorded`, its journal is kept for the retention time only. */
  retire(recorded: boolean): void
}

/** The D1 ending of a run the shard saw complete or fail (cancels write D1 first, so they have none to send). */
function endingOf(state: RunState): RunEnding | null {
  if (state.status === 'completed') return { status: 'completed', output: state.output === null ? null : JSON.stringify(state.output) }
  if (state.status === 'failed') return { status: 'failed', error: state.error ?? 'failed' }
  return null
}

/** Adopts the terminal state D1 holds (after a cancel, or a crash between D1's update and the journal). */
export async function adoptEnding(host: EndingHost, run: Run): Promise<void> {
  const state = host.state
  state.status = run.status
  state.output = run.output
  state.error = run.error
  state.completedAt = run.completedAt
  state.progress = run.progress ?? state.progress
  state.wakeAt = run.wakeAt
  state.waitingFor = run.waitingFor
  host.saveState()
  if (run.status === 'cancelled') host.emit({ type: 'run:cancel' })
  else if (run.status === 'completed') host.emit({ type: 'run:complete', output: run.output, duration: 0 })
  else if (run.status === 'failed') host.emit({ type: 'run:fail', error: run.error ?? 'failed', failedStepName: '' })
  await releaseEnded(host)
}

/**
 * A run's ending is journaled and announced before D1 records it; the run stays due until D1 has. After a crash in
 * between, the alarm lands here and sends the ending again (the fenced write is a no-op if it had landed).
 */
export async function recordEnding(host: EndingHost): Promise<void> {
  const ending = endingOf(host.state)
  let recorded = true
  if (ending && host.journal.mirroredSequence < host.journal.lastSequence) recorded = await host.mirror.flush(ending)
  if (!recorded) console.error(`run ${host.runId}: D1 refused the recorded ending of a ${host.state.status} run`)
  await releaseEnded(host, recorded)
}

/**
 * Releases what a finished run held: its schedule, its concurrency key, its family's ties and its waits. Once D1 has
 * the ending, the journal is kept for the retention time only (a journal D1 refused stays: it may hold what D1 lacks).
 */
export async function releaseEnded(host: EndingHost, recorded = true): Promise<void> {
  host.retire(recorded)
  await host.releaseKey()
  await endFamily(host)
  await host.waits.close(host.state.status === 'cancelled' ? 'cancelled' : 'closed')
  host.releaseIfIdle()
}

/** A child tells its parent it ended; a cancelled parent cancels its children that still run. */
async function endFamily(host: EndingHost): Promise<void> {
  const { parent, status, id, output, error } = host.state
  if (status === 'cancelled') await cancelChildren(host.bindings, host.waits.list()).catch(() => {})
  if (parent && (status === 'completed' || status === 'failed' || status === 'cancelled')) {
    await notifyParent(host.bindings, parent, { runId: id, status, output: output ?? null, error }).catch((e: unknown) =>
      console.error(`run ${id}: could not tell its parent ${parent.runId} that it ended: ${String(e)}`),
    )
  }
}
