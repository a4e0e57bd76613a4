// The replay of a run's journal is bounded: the newest 1,000 log lines (and ~1 MiB of them), oldest first.
import { runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { runShard } from '../../../test/support/runs'
import type { DurablyEvent, RunEventBody } from '../protocol/events'
import { journalReplay, REPLAY_MAX_LOG_BYTES, REPLAY_MAX_LOGS } from './event-replay'
import { createJournalTables, RunJournal } from './run-journal'

/** A journal of `lines` log lines of `size` characters between a run:leased and a progress, in a shard's storage. */
function replayOf(runId: string, lines: number, size = 10) {
  return runInDurableObject(runShard(runId) as DurableObjectStub, (_, state) => {
    createJournalTables(state.storage.sql)
    const journal = new RunJournal(state.storage.sql, runId)
    const append = (body: RunEventBody) =>
      journal.appendEvent((sequence) => ({ ...body, runId, jobName: 'j', labels: {}, sequence, timestamp: '' }) as DurablyEvent)
    append({ type: 'run:leased', input: null, leaseOwner: '', leaseExpiresAt: '' })
    for (let i = 1; i <= lines; i++) {
      append({ type: 'log:write', stepName: null, level: 'info', message: `${i}`.padEnd(size, '.'), data: null })
      if (i % 100 === 0) append({ type: 'run:progress', progress: { current: i, total: lines } })
    }
    return journalReplay(journal)
  })
}

describe('journalReplay', () => {
  it(`keeps the newest ${REPLAY_MAX_LOGS} log lines of a longer run, with the lifecycle and latest progress`, async () => {
    const { events, logsOmitted } = await replayOf('00replay-count', REPLAY_MAX_LOGS + 200)
    const logs = events.filter((event) => event.type === 'log:write')
    expect(logsOmitted).toBe(true)
    expect(logs).toHaveLength(REPLAY_MAX_LOGS)
    expect(logs[0]).toMatchObject({ message: expect.stringMatching(/^201\./) })
    expect(events[0]?.type).toBe('run:leased')
    expect(events.filter((event) => event.type === 'run:progress')).toMatchObject([{ progress: { current: 1200 } }])
    const sequences = events.map((event) => event.sequence)
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b))
  })

  it('stops at about a megabyte of log lines, keeping the newest', async () => {
    const { events, logsOmitted } = await replayOf('00replay-bytes', 300, 10_000)
    const logs = events.filter((event) => event.type === 'log:write')
    expect(logsOmitted).toBe(true)
    expect(logs.length).toBeLessThan(300)
    expect(logs.length).toBeGreaterThan(REPLAY_MAX_LOG_BYTES / 12_000)
    expect(logs.at(-1)).toMatchObject({ message: expect.stringMatching(/^300\./) })
  })

  it('replays everything of a short run', async () => {
    const { events, logsOmitted } = await replayOf('00replay-short', 3)
    expect(logsOmitted).toBe(false)
    expect(events.map((event) => event.type)).toEqual(['run:leased', 'log:write', 'log:write', 'log:write'])
  })
})
