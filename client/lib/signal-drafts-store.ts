// Answers being written to waits, one draft per wait, kept outside React: the payload text, the signal id a retry
// reuses, sending, and what the server said (the receipt or a problem placed by field).
import { parseJsonText } from '../format/parse-json-text'
import type { Api } from './api'
import { payloadTooLarge, signalProblem, type SignalProblem } from './signal-problem'
import type { DurableWait } from './types'
import type { SignalReceipt } from './wait-api'

type Listener = () => void

export interface SignalDraft {
  runId: string
  waitId: string
  /** The payload as typed (JSON text). */
  text: string
  /** Generated once per draft and sent with every try: a retried send is a duplicate, never a conflict. */
  signalId: string
  /** Whether the person changed the starting payload (an edited draft stays on screen if the run stops waiting). */
  edited: boolean
  phase: 'editing' | 'sending' | 'sent'
  problem: SignalProblem | null
  receipt: SignalReceipt | null
}

export interface SignalDraftsStore {
  /** The draft of a wait, started from `template` the first time it is asked for. */
  draft(runId: string, waitId: string, template: string): SignalDraft
  /** The draft of a wait if one was started. */
  peek(waitId: string): SignalDraft | null
  edit(waitId: string, text: string): void
  /** Checks the payload as JSON (nothing is sent when it is not), then sends it with the draft's signal id. */
  send(waitId: string): Promise<void>
  subscribe(listener: Listener): () => void
}

export interface SignalDraftsDeps {
  api: Pick<Api, 'waits'>
  /** Hears the wait a receipt carries (the waits store takes it in). */
  onAnswered?(wait: DurableWait): void
  /** Hears that a wait refused an answer for good (answered elsewhere, expired): its run's waits are worth a refetch. */
  onRefused?(runId: string): void
  newSignalId?(): string
}

/** `dashboard-` and 16 random hex digits (getRandomValues: also on pages served without TLS). */
export function newSignalId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return `dashboard-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** Whether a draft holds something a person would lose if it vanished: an edit, a send under way or done, a refusal. */
export function isKept(draft: SignalDraft | null): boolean {
  return draft !== null && (draft.edited || draft.phase !== 'editing' || draft.problem !== null)
}

export function createSignalDraftsStore(deps: SignalDraftsDeps): SignalDraftsStore {
  const drafts = new Map<string, SignalDraft>()
  const listeners = new Set<Listener>()
  const makeId = deps.newSignalId ?? newSignalId

  function update(waitId: string, patch: Partial<SignalDraft>): void {
    const draft = drafts.get(waitId)
    if (!draft) return
    drafts.set(waitId, { ...draft, ...patch })
    for (const listener of [...listeners]) listener()
  }

  return {
    draft(runId, waitId, template) {
      let draft = drafts.get(waitId)
      if (!draft) {
        draft = { runId, waitId, text: template, signalId: makeId(), edited: false, phase: 'editing', problem: null, receipt: null }
        drafts.set(waitId, draft)
      }
      return draft
    },
    peek: (waitId) => drafts.get(waitId) ?? null,
    edit(waitId, text) {
      const draft = drafts.get(waitId)
      if (!draft || draft.phase !== 'editing') return
      update(waitId, { text, edited: true, problem: draft.problem?.final ? draft.problem : null })
    },
    async send(waitId) {
      const draft = drafts.get(waitId)
      if (!draft || draft.phase !== 'editing') return
      const parsed = parseJsonText(draft.text)
      if (!parsed.ok) return update(waitId, { problem: { message: null, fields: { payload: parsed.message }, final: false } })
      const tooLarge = payloadTooLarge(draft.text)
      if (tooLarge) return update(waitId, { problem: tooLarge })
      update(waitId, { phase: 'sending', problem: null })
      try {
        const receipt = await deps.api.waits.signal(draft.runId, waitId, { signalId: draft.signalId, payload: parsed.value })
        update(waitId, { phase: 'sent', receipt })
        deps.onAnswered?.(receipt.wait)
      } catch (error) {
        const problem = signalProblem(error)
        update(waitId, { phase: 'editing', problem })
        if (problem.final) deps.onRefused?.(draft.runId)
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
