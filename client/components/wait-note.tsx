// What a waiting or delayed run waits for, in words, with a countdown on the shared clock ("Sleeping (cool-down) · wakes in 1:59").
import { describeWait } from '../format/describe-wait'
import type { WaitingFor } from '../lib/types'
import { useClock } from './use-clock'

export interface WaitNoteRun {
  status: string | null
  wakeAt: string | null
  waitingFor: WaitingFor | null
}

/** Whether the run shows a countdown now (a waiting run, or a pending run whose start time is ahead). */
export function hasCountdown(run: WaitNoteRun, now = Date.now()): boolean {
  if (run.wakeAt === null) return false
  return run.status === 'waiting' || (run.status === 'pending' && Date.parse(run.wakeAt) > now)
}

/** Only this note re-renders on each tick: the row or page around it stays as it is. */
export function WaitNote({ run, showError = false }: { run: WaitNoteRun; showError?: boolean }) {
  const now = useClock(hasCountdown(run))
  const wait = describeWait(run, now)
  if (!wait) return null
  return (
    <>
      <span className="wait-note" data-wait={run.waitingFor?.kind ?? 'delay'}>
        <span className="wait-what">{wait.what}</span>
        {wait.when && (
          <>
            {wait.joiner}
            <time className="numeric" dateTime={run.wakeAt ?? undefined}>
              {wait.when}
            </time>
          </>
        )}
      </span>
      {showError && wait.error && <span className="wait-error">Last error: {wait.error}</span>}
    </>
  )
}
