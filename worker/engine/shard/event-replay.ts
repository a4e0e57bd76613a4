// What a new subscriber that does not read `run:snapshot` gets on connect: the run's stored events in the types every
// durably-protocol client knows, so a client that subscribes after the run began still shows its state and logs.
//
// Such a client (the published `@coji/durably-react` 0.15 hooks `useJob`, `useRun`, `useLogs`, and anything built the
// same way) opens `GET /subscribe?runId=<id>` with a plain `EventSource`, first without `Last-Event-ID` (the browser
// sends it on its own reconnects once events carried ids), reads only unnamed events (`onmessage`), drops events of
// other runs, and folds these into its state, ignoring every other type:
//   run:leased → status 'leased' · run:complete → 'completed' + output · run:fail → 'failed' + error ·
//   run:cancel → 'cancelled' · run:progress → progress (the latest wins) · log:write → one more log line (appended,
//   never de-duplicated, so a line must reach one stream once).
// Until a lifecycle event arrives it shows the run as pending. So the replay is the journal reduced to the state a
// client connected from the start would hold: the latest lifecycle event, the latest progress, and the newest logs,
// each the stored event with its real sequence as SSE id, oldest first; a reconnect with `Last-Event-ID` then resumes
// after the last one the client got, and nothing it has is sent again. Steps are left out: these clients ignore them,
// and a 5,000-step run holds ~15,000 events, which replaying whole would cost every reconnecting page.
import type { DurablyEvent } from '../protocol/events'
import { listNewestLogs } from '../d1/run-store'
import type { ClientRun, Log } from '../types'
import type { RunJournal } from './run-journal'

/** At most this many log lines are replayed (the newest); a comment on the stream says when older ones were left out. */
export const REPLAY_MAX_LOGS = 1_000
/** ...and no more than about this much of their JSON (the newest line always). */
export const REPLAY_MAX_LOG_BYTES = 1_048_576

/** The events that set a durably-protocol client's status; a waiting run's latest one is its `run:leased`. */
const LIFECYCLE_TYPES = ['run:leased', 'run:complete', 'run:fail', 'run:cancel'] as const

export interface Replay {
  /** Oldest first, each with its stored sequence. */
  events: DurablyEvent[]
  /** Older log lines were not replayed (over `REPLAY_MAX_LOGS` or `REPLAY_MAX_LOG_BYTES`). */
  logsOmitted: boolean
}

/** The replay of a run its shard holds, read from its journal in one turn (so it agrees with the snapshot). */
export function journalReplay(journal: Pick<RunJournal, 'newestEventsOf'>): Replay {
  const lifecycle = journal.newestEventsOf(LIFECYCLE_TYPES, 1).events
  const progress = journal.newestEventsOf(['run:progress'], 1).events
  const logs = journal.newestEventsOf(['log:write'], REPLAY_MAX_LOGS, REPLAY_MAX_LOG_BYTES)
  const events = [...lifecycle, ...progress, ...logs.events].sort((a, b) => a.sequence - b.sequence)
  return { events, logsOmitted: logs.omitted }
}

/** A log row as the `log:write` event that wrote it. */
function logEvent(run: ClientRun, log: Log): DurablyEvent {
  const { stepName, level, message, data, sequence, createdAt } = log
  return { type: 'log:write', runId: run.id, jobName: run.jobName, labels: run.labels, sequence, timestamp: createdAt, stepName, level, message, data }
}

/** The logs of a run only D1 still has (its journal was swept); its lifecycle comes from the run's row. */
export async function storedLogReplay(d1: D1Database, run: ClientRun): Promise<Replay> {
  const logs = await listNewestLogs(d1, run.id, REPLAY_MAX_LOGS + 1)
  const events: DurablyEvent[] = []
  let bytes = 0
  for (const log of logs.slice(-REPLAY_MAX_LOGS).reverse()) {
    const event = logEvent(run, log)
    bytes += JSON.stringify(event).length
    if (events.length > 0 && bytes > REPLAY_MAX_LOG_BYTES) break
    events.push(event)
  }
  return { events: events.reverse(), logsOmitted: events.length < logs.length }
}
