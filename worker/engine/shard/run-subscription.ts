// Opens a subscriber's SSE stream on a run: the snapshot (and, for clients that do not read it, a replay of stored
// events) or the Last-Event-ID resume first, then live events.
import type { DurablyEvent, RunEventBody } from '../protocol/events'
import type { SubscriptionHost } from './ports'
import { toClientRun } from '../protocol/client-run'
import { getRun, listNewestStepRows } from '../d1/run-store'
import { SSE_HEADERS } from '../protocol/sse'
import { StreamLease, type LeasedStream } from '../stream/stream-lease'
import { Subscriber } from '../stream/subscriber'
import type { ClientRun, Run } from '../types'
import { boundSteps, SNAPSHOT_MAX_STEPS, type SnapshotSteps } from './snapshot-steps'
import { journalReplay, REPLAY_MAX_LOGS, storedLogReplay, type Replay } from './event-replay'

/** The state a subscriber starts from: the run, its finished steps and the sequence number they correspond to. */
export interface Snapshot extends SnapshotSteps {
  run: ClientRun
  sequence: number
}

export function snapshotOf(run: Run, steps: SnapshotSteps): Snapshot {
  return { run: toClientRun(run), sequence: 0, ...steps }
}

/** The run as its shard holds it now: state, newest steps and latest sequence, read in one turn so they agree. */
function currentSnapshot(host: SubscriptionHost): Snapshot {
  const { newestFirst, total } = host.journal.newestSteps(SNAPSHOT_MAX_STEPS)
  const steps = boundSteps(host.runId, newestFirst, total)
  return { run: toClientRun(host.view()), sequence: host.journal.lastSequence, ...steps }
}

/** The snapshot, then standard events of the same state so clients that ignore the snapshot still catch up. */
function catchUpEvents(snapshot: Snapshot): RunEventBody[] {
  const { run, steps, stepsOmitted } = snapshot
  const bodies: RunEventBody[] = [{ type: 'run:snapshot', run, steps, stepsOmitted }]
  if (run.status === 'leased') {
    bodies.push({ type: 'run:leased', input: run.input, leaseOwner: '', leaseExpiresAt: '' })
    if (run.progress) bodies.push({ type: 'run:progress', progress: run.progress })
  }
  const duration = run.startedAt && run.completedAt ? Date.parse(run.completedAt) - Date.parse(run.startedAt) : 0
  if (run.status === 'completed') bodies.push({ type: 'run:complete', output: run.output, duration })
  if (run.status === 'failed') bodies.push({ type: 'run:fail', error: run.error ?? '', failedStepName: '' })
  if (run.status === 'cancelled') bodies.push({ type: 'run:cancel' })
  return bodies
}

/** Where a stream starts (`Last-Event-ID`, already parsed), how often it may carry progress, and what it opens with. */
export interface StreamOptions {
  lastEventId?: number
  throttleMs: number
  /**
   * The client reads `run:snapshot` (Stepflare's client sends `snapshot=1`): a new stream opens with the snapshot and
   * its catch-up events alone. Otherwise the snapshot is followed by a replay of stored events (see event-replay.ts).
   */
  snapshot?: boolean
}

/** Sends the stored events after `lastEventId`, oldest first, in pages (bounded in count). */
function resume(host: SubscriptionHost, subscriber: Subscriber, lastEventId: number): void {
  for (let after = lastEventId, rounds = 0; rounds < 10_000 && !subscriber.closed; rounds++) {
    const events = host.journal.eventsAfter(after, 1000)
    for (const event of events) subscriber.send(event)
    if (events.length < 1000) break
    after = events.at(-1)?.sequence ?? after
  }
}

/** The snapshot, then the replay (real ids), then what of the snapshot's catch-up the replay did not carry. */
function openWithReplay(subscriber: Subscriber, snapshot: Snapshot, replay: Replay | null): void {
  const base = { runId: snapshot.run.id, jobName: snapshot.run.jobName, labels: snapshot.run.labels }
  const timestamp = new Date().toISOString()
  const [first, ...catchUp] = catchUpEvents(snapshot)
  const sendBody = (body: RunEventBody) =>
    subscriber.send({ ...body, ...base, sequence: snapshot.sequence, timestamp } as DurablyEvent, snapshot.sequence)
  if (first) sendBody(first)
  if (replay?.logsOmitted) subscriber.comment(`older log lines not replayed (at most ${REPLAY_MAX_LOGS})`)
  const replayed = new Set<string>()
  for (const event of replay?.events ?? []) {
    subscriber.send(event)
    replayed.add(event.type)
  }
  for (const body of catchUp) if (!replayed.has(body.type)) sendBody(body)
}

/** The run's stream, held open by its lease (none when there is nothing to stream). */
export function openSubscription(
  host: SubscriptionHost,
  options: StreamOptions,
  stored: Snapshot | null,
  storedReplay: Replay | null = null,
): LeasedStream {
  const { lastEventId } = options
  const throttleMs = Math.max(0, options.throttleMs || 0)
  const snapshot = stored ?? currentSnapshot(host)
  const ended = snapshot.run.isTerminal
  // A reconnect after the last event of a finished run: 204 tells EventSource to stop reconnecting.
  if (ended && lastEventId !== undefined && lastEventId >= snapshot.sequence) {
    return { response: new Response(null, { status: 204 }), lease: null }
  }

  const { readable, writable } = new IdentityTransformStream()
  const subscriber = new Subscriber(writable, host.flushes, throttleMs, (gone) => {
    host.subscribers.delete(gone)
    host.keepAlive.update()
    host.releaseIfIdle()
  })
  subscriber.comment('stream start')
  if (lastEventId !== undefined && stored === null) resume(host, subscriber, lastEventId)
  else if (options.snapshot) openWithReplay(subscriber, snapshot, null)
  else openWithReplay(subscriber, snapshot, stored === null ? journalReplay(host.journal) : storedReplay)
  // A finished run's stream ends after what it was sent, even when its terminal event was not among it.
  if (ended) subscriber.close()
  if (!subscriber.closed) {
    host.subscribers.add(subscriber)
    host.keepAlive.update()
  }
  const lease = new StreamLease(() => subscriber.drop('client gone'))
  return { response: new Response(readable, { headers: SSE_HEADERS }), lease }
}

/** GET /subscribe: the run's stream from its shard; a run the shard does not hold is served from D1's snapshot. */
export async function subscribeToRun(host: SubscriptionHost, options: StreamOptions): Promise<LeasedStream> {
  if (host.runState) return openSubscription(host, options, null)
  const [run, rows] = await Promise.all([getRun(host.d1, host.runId), listNewestStepRows(host.d1, host.runId, SNAPSHOT_MAX_STEPS)])
  if (!run) return { response: Response.json({ error: 'Run not found' }, { status: 404 }), lease: null }
  const newestFirst = rows.newestFirst.map((row) => ({ ...row, startedAt: row.started_at, completedAt: row.completed_at }))
  const snapshot = snapshotOf(run, boundSteps(host.runId, newestFirst, rows.total))
  const replay = options.snapshot || options.lastEventId !== undefined ? null : await storedLogReplay(host.d1, snapshot.run)
  return openSubscription(host, options, snapshot, replay)
}
