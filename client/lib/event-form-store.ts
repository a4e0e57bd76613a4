// The send-an-event form outside React: name and JSON payload as typed, checked before sending, the server's refusals
// placed beside the field they name, and what the last send did (how many waits matched, the runs it woke).
import { parseJsonText } from '../format/parse-json-text'
import { ApiError } from './api'
import type { EventDelivery, NewEvent } from './event-api'

export interface EventFormFields {
  name?: string
  payload?: string
  id?: string
}

export interface EventFormState {
  name: string
  payloadText: string
  phase: 'editing' | 'sending'
  /** Problems beside their fields: found before sending, or named by the server's 400. */
  fields: EventFormFields
  /** A problem that belongs to no field (403, 413, no answer). */
  message: string | null
  /** The last event sent and what it did. */
  sent: { name: string; delivery: EventDelivery } | null
}

export interface EventFormStore {
  getState(): EventFormState
  subscribe(listener: () => void): () => void
  setName(name: string): void
  setPayload(text: string): void
  /** Checks the form and sends the event; true when the server took it. */
  send(): Promise<boolean>
}

interface EventFormDeps {
  send(event: NewEvent): Promise<EventDelivery>
  /** Called after each event the server took (the events list reloads). */
  onSent?(delivery: EventDelivery): void
}

const SENTENCES: Record<number, string> = {
  403: 'You are not allowed to send this event.',
  413: 'The event is too large: send a smaller payload.',
}

/** What the form shows before anything is sent: each field's problem, or the event to send. */
export function checkEventForm(name: string, payloadText: string): { ok: true; event: NewEvent } | { ok: false; fields: EventFormFields } {
  const fields: EventFormFields = {}
  if (name.trim() === '') fields.name = 'Give the event a name, e.g. order.paid.'
  const payload = payloadText.trim() === '' ? ({ ok: false, message: 'Write the payload as JSON, e.g. {}.' } as const) : parseJsonText(payloadText)
  if (!payload.ok) fields.payload = payload.message
  if (fields.name || !payload.ok) return { ok: false, fields }
  return { ok: true, event: { name: name.trim(), payload: payload.value } }
}

/** Where the server's refusal of `POST /events` goes: a 400's issues beside `name`, `payload` or `id`, else a sentence. */
export function eventSendProblem(error: unknown): { fields: EventFormFields; message: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, message: 'The server could not be reached. Send again.' }
  if (SENTENCES[error.status]) return { fields: {}, message: SENTENCES[error.status] ?? null }
  const fields: EventFormFields = {}
  const other: string[] = []
  for (const issue of error.status === 400 ? error.issues : []) {
    const field = issue.path.split('.')[0]
    if (field === 'name' || field === 'payload' || field === 'id') fields[field] = fields[field] ? `${fields[field]}; ${issue.message}` : issue.message
    else other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message)
  }
  const named = Object.keys(fields).length > 0
  return { fields, message: other.length > 0 ? other.join('; ') : named ? null : error.message }
}

export function createEventFormStore(deps: EventFormDeps): EventFormStore {
  const listeners = new Set<() => void>()
  let state: EventFormState = { name: '', payloadText: '{}', phase: 'editing', fields: {}, message: null, sent: null }

  const set = (patch: Partial<EventFormState>) => {
    state = { ...state, ...patch }
    for (const listener of [...listeners]) listener()
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    setName: (name) => set({ name, fields: { ...state.fields, name: undefined } }),
    setPayload(payloadText) {
      const typed = payloadText.trim() === '' ? null : parseJsonText(payloadText)
      set({ payloadText, fields: { ...state.fields, payload: typed && !typed.ok ? typed.message : undefined } })
    },
    async send() {
      if (state.phase === 'sending') return false
      const checked = checkEventForm(state.name, state.payloadText)
      if (!checked.ok) return set({ fields: checked.fields, message: null }), false
      set({ phase: 'sending', fields: {}, message: null })
      try {
        const delivery = await deps.send(checked.event)
        set({ phase: 'editing', sent: { name: checked.event.name, delivery } })
        deps.onSent?.(delivery)
        return true
      } catch (error) {
        set({ phase: 'editing', ...eventSendProblem(error) })
        return false
      }
    },
  }
}
