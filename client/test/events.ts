// Builders of durably events for client unit tests.
import type { DurablyEvent, RunEventBody } from '../../worker/engine/protocol/events'

export function event(runId: string, sequence: number, body: RunEventBody): DurablyEvent {
  return { ...body, runId, jobName: 'import-csv', labels: {}, sequence, timestamp: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, sequence * 100)).toISOString() } as DurablyEvent
}
