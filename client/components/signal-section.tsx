// The run page's "Answer" card: the signal form of the wait the run is suspended on (for a person allowed to answer
// it), kept on screen while it holds an edit, a send or a refusal after the run stopped waiting.
import { lazy, Suspense } from 'react'
import { dashboardClient } from '../lib/dashboard-client'
import type { DurableWait } from '../lib/types'

const SignalForm = lazy(() => import('./signal-form'))

interface SignalSectionProps {
  runId: string
  /** The signal wait this page last showed (null before the run waited for one). */
  waitId: string | null
  wait: DurableWait | null
  /** Whether the run waits on `waitId` now and the person may answer it. */
  answerable: boolean
}

export function SignalSection({ runId, waitId, wait, answerable }: SignalSectionProps) {
  const kept = dashboardClient.useSignalKept(waitId)
  if (waitId === null || !(answerable || kept)) return null
  const name = wait?.name ?? 'the wait'
  return (
    <section className="card" aria-labelledby="signal-title">
      <h2 id="signal-title">Answer {name}</h2>
      <Suspense fallback={<p className="muted">Loading the form…</p>}>
        <SignalForm runId={runId} waitId={waitId} wait={wait} waiting={answerable} />
      </Suspense>
    </section>
  )
}
