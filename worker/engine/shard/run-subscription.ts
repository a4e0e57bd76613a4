// Opens a subscriber's SSE stream on a run: snapshot or Last-Event-ID replay first, then live events.
import type { DurablyEvent, RunEventBody } from '../protocol/events'
import type { SubscriptionHost } from './ports'
import { toClientRun } from '../protocol/client-run'
import { getRun, listNewestStepRows } from '../d1/run-store'
import { SSE_HEADERS } from '../protocol/sse'
import { StreamLease, type LeasedStream } from '../stream/stream-lease'
import { Subscriber } from '../stream/subscriber'
import type { ClientRun, Run } from '../types'
import { boundSteps, SNAPSHOT_MAX_STEPS, type SnapshotSteps } from './snapshot-steps'

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

/** Where a stream starts (`Last-Event-ID`, already parsed) and how often it may carry progress. */
export interface StreamOptions {
  lastEventId?: number
  throttleMs: number
}

/** The run's stream, held open by its lease (none when there is nothing to stream). */
export function openSubscription(host: SubscriptionHost, options: StreamOptions, stored: Snapshot | null): LeasedStream {
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
  const base = { runId: snapshot.run.id, jobName: snapshot.run.jobName, labels: snapshot.run.labels }
  if (lastEventId !== undefined && stored === null) {
    for (let after = lastEventId, rounds = 0; rounds < 10_000 && !subscriber.closed; rounds++) {
      const events = host.journal.eventsAfter(after, 1000)
      for (const event of events) subscriber.send(event)
      if (events.length < 1000) break
      after = events.at(-1)?.sequence ?? after
    }
  } else {
    const timestamp = new Date().toISOString()
    for (const body of catchUpEvents(snapshot)) {
      subscriber.send({ ...body, ...base, sequence: snapshot.sequence, timestamp } as DurablyEvent, snapshot.sequence)
    }
  }
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
  return openSubscription(host, options, snapshotOf(run, boundSteps(host.runId, newestFirst, rows.total)))
}
