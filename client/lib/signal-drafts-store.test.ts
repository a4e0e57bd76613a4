// Answering a wait: the payload checked as JSON before anything is sent, one signal id for every try (a retry is a
// duplicate), and each server refusal placed where the form shows it.
import { describe, expect, it, vi } from 'vitest'
import { makeWait } from '../test/fake-api'
import { ApiError } from './api'
import { createSignalDraftsStore, newSignalId } from './signal-drafts-store'
import { signalProblem } from './signal-problem'
import type { SignalBody } from './wait-api'

function setup(answers: (() => unknown)[]) {
  const bodies: SignalBody[] = []
  const signal = vi.fn(async (runId: string, waitId: string, body: SignalBody) => {
    bodies.push(body)
    const next = answers.shift()
    return next?.() ?? { wait: makeWait(runId, waitId, { status: 'resolved', outcome: 'signal', payload: body.payload }), disposition: 'accepted' }
  })
  const onAnswered = vi.fn()
  const onRefused = vi.fn()
  let n = 0
  const store = createSignalDraftsStore({
    api: { waits: { list: vi.fn(), get: vi.fn(), signal: signal as never } },
    onAnswered, onRefused, newSignalId: () => `dashboard-${++n}`,
  })
  return { store, bodies, signal, onAnswered, onRefused }
}
const fail = (error: unknown) => () => {
  throw error
}

describe('signal drafts', () => {
  it('starts from the template with a generated signal id, kept for the wait however often it is asked for', () => {
    const { store } = setup([])
    const draft = store.draft('r1', 'w1', '{}')
    expect(draft).toMatchObject({ text: '{}', signalId: 'dashboard-1', edited: false, phase: 'editing', problem: null })
    expect(store.draft('r1', 'w1', '{"other":1}')).toBe(draft)
    expect(store.draft('r1', 'w2', '{}').signalId).toBe('dashboard-2')
    expect(store.peek('w3')).toBeNull()
    expect(newSignalId()).toMatch(/^dashboard-[0-9a-f]{16}$/)
  })

  it('sends nothing while the payload is not JSON, and says why beside the payload', async () => {
    const { store, signal } = setup([])
    store.draft('r1', 'w1', '{}')
    store.edit('w1', '{"approved": tru')
    await store.send('w1')
    expect(signal).not.toHaveBeenCalled()
    expect(store.peek('w1')?.problem).toMatchObject({ message: null, fields: { payload: expect.stringMatching(/^Not valid JSON/) } })
    store.edit('w1', '  ')
    await store.send('w1')
    expect(store.peek('w1')?.problem?.fields.payload).toBe('Write the input as JSON, e.g. {}.')
    store.edit('w1', JSON.stringify({ note: 'x'.repeat(256 * 1024) }))
    await store.send('w1')
    expect(signal).not.toHaveBeenCalled()
    expect(store.peek('w1')?.problem?.message).toMatch(/too large/)
  })

  it('sends the payload with the signal id, keeps the receipt and hands its wait on', async () => {
    const { store, bodies, onAnswered } = setup([])
    const heard = vi.fn()
    store.subscribe(heard)
    store.draft('r1', 'w1', '{}')
    store.edit('w1', '{"approved": true, "note": "ok"}')
    const sending = store.send('w1')
    expect(store.peek('w1')?.phase).toBe('sending')
    await sending
    expect(bodies).toEqual([{ signalId: 'dashboard-1', payload: { approved: true, note: 'ok' } }])
    expect(store.peek('w1')).toMatchObject({ phase: 'sent', receipt: { disposition: 'accepted' } })
    expect(onAnswered).toHaveBeenCalledWith(expect.objectContaining({ id: 'w1', status: 'resolved' }))
    expect(heard).toHaveBeenCalled()
    store.edit('w1', '{}')
    await store.send('w1')
    expect(bodies).toHaveLength(1)
  })

  it('retries with the same signal id after a failed request', async () => {
    const { store, bodies } = setup([fail(new TypeError('Failed to fetch'))])
    store.draft('r1', 'w1', '{"approved": false}')
    await store.send('w1')
    expect(store.peek('w1')).toMatchObject({ phase: 'editing', problem: { message: expect.stringMatching(/could not be reached/), final: false } })
    await store.send('w1')
    expect(bodies.map((b) => b.signalId)).toEqual(['dashboard-1', 'dashboard-1'])
    expect(store.peek('w1')?.phase).toBe('sent')
  })

  it('shows a conflict or an expired wait as a sentence, and asks for the run’s waits again', async () => {
    const { store, onRefused } = setup([fail(new ApiError('Wait already resolved', 409))])
    store.draft('r1', 'w1', '{}')
    await store.send('w1')
    expect(store.peek('w1')?.problem).toEqual({ message: 'Not sent: this wait was already answered by another signal, or its run has finished.', fields: {}, final: true })
    expect(onRefused).toHaveBeenCalledWith('r1')
    store.edit('w1', '{"a":1}')
    expect(store.peek('w1')?.problem?.final).toBe(true)
  })
})

describe('signalProblem', () => {
  it('places a 400’s issues beside the fields they name, and others above the button', () => {
    const issues = [{ path: 'payload', message: 'is required' }, { path: 'signalId', message: 'must be at most 256 characters' }, { path: '', message: 'Body must be JSON' }]
    expect(signalProblem(new ApiError('Invalid request', 400, issues))).toEqual({
      message: 'Body must be JSON', fields: { payload: 'is required', signalId: 'must be at most 256 characters' }, final: false,
    })
  })

  it('says in a sentence what 403, 404, 409, 410 and 413 mean, and keeps other messages', () => {
    expect(signalProblem(new ApiError('x', 403))).toMatchObject({ message: 'You are not allowed to answer this wait.', final: true })
    expect(signalProblem(new ApiError('x', 404)).message).toMatch(/does not exist/)
    expect(signalProblem(new ApiError('x', 410))).toMatchObject({ message: expect.stringMatching(/deadline of this wait has passed/), final: true })
    expect(signalProblem(new ApiError('x', 413))).toMatchObject({ message: expect.stringMatching(/at most 256 KiB/), final: false })
    expect(signalProblem(new ApiError('Internal error', 500))).toEqual({ message: 'Internal error', fields: {}, final: false })
  })
})
