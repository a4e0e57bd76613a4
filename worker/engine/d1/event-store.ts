// Events in D1: the record of each sent event and the runs it woke (the dashboard's events view).
import { all, db } from './db'
import type { SentEvent } from '../events/event-types'


/** One INSERT of a sent event (sending the same event id again keeps the first record). */
export const insertEventStatement = {
  sql: 'INSERT OR IGNORE INTO events (id, name, payload, matched, woken_runs, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  params: (event: { id: string; name: string; payload: unknown; matched: number; woken: string[] }) => [
    event.id,
    event.name,
    JSON.stringify(event.payload ?? null),
    event.matched,
    JSON.stringify(event.woken),
    new Date().toISOString(),
  ],
}

/** The newest events, of one name or all, at most `limit`. */
export async function listEvents(d1: D1Database, filter: { name?: string; limit: number }): Promise<SentEvent[]> {
  let query = db.selectFrom('events').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit)
  if (filter.name) query = query.where('name', '=', filter.name)
  const rows = await all(d1, query)
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    payload: JSON.parse(row.payload),
    matched: row.matched,
    wokenRuns: JSON.parse(row.woken_runs) as string[],
    createdAt: row.created_at,
  }))
}
