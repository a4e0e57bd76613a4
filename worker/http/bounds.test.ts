// Every request field has a bound: errors list a few issues and count the rest; labels, keys, ids and filters are capped.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { MAX_ISSUES } from '../engine/errors'
import { MAX_LABEL_KEY_LENGTH, MAX_LABEL_VALUE_LENGTH, MAX_LABELS, MAX_RUN_KEY_LENGTH } from '../engine/trigger/trigger-options'
import { api, importInput, postJson } from './testing/requests'

interface ErrorBody {
  error: string
  issues: { path: string; message: string }[]
  issueCount: number
}

async function expect400(response: Response): Promise<ErrorBody & { size: number }> {
  expect(response.status).toBe(400)
  expect(response.headers.get('Content-Type')).toContain('application/json')
  const text = await response.text()
  return { ...(JSON.parse(text) as ErrorBody), size: text.length }
}

/** No test of this file creates a run: D1 (storage is per file) must hold none, even once shards had time to mirror. */
async function expectNoRuns(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150))
  const row = await env.DB.prepare('SELECT (SELECT count(*) FROM runs) + (SELECT count(*) FROM run_labels) AS n').first<{ n: number }>()
  expect(row?.n).toBe(0)
}

const trigger = (extra: Record<string, unknown>) => postJson('/trigger', { jobName: 'import-csv', input: importInput(1), ...extra })

describe('a 400 lists at most MAX_ISSUES issues and counts them (a very long list: those of its first items)', () => {
  const manyWrongRows = { filename: 'x.csv', rows: new Array(100_000).fill(1) }

  it('answers 100,000 wrong rows with a small body', async () => {
    const started = Date.now()
    const body = await expect400(await postJson('/trigger', { jobName: 'import-csv', input: manyWrongRows }))
    expect(body.size).toBeLessThan(10_000)
    expect(body.issues).toHaveLength(MAX_ISSUES)
    expect(body.issues[0]).toEqual({ path: 'input.rows.0', message: expect.any(String) })
    // A list this long is answered from its first 1,000 items: the count is theirs (checking all 100,000 built so many
    // issues that the runtime could die before answering).
    expect(body.issueCount).toBe(1_000)
    expect(body.error).toContain(`and ${1_000 - MAX_ISSUES} more`)
    expect(body.error).toContain('first 1000 items of each list checked')
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('caps a batch the same way, under the run index', async () => {
    const runs = [{ jobName: 'import-csv', input: importInput(1) }, { jobName: 'import-csv', input: manyWrongRows }]
    const body = await expect400(await postJson('/trigger/batch', { runs }))
    expect(body.size).toBeLessThan(10_000)
    expect(body.issues).toHaveLength(MAX_ISSUES)
    expect(body.issues[0]?.path).toBe('runs.1.input.rows.0')
    expect(body.issueCount).toBe(1_000)
    await expectNoRuns()
  })

  it('answers 400 when the input has more problems than the validator can collect (it runs out of stack)', async () => {
    const rows = Array.from({ length: 100_000 }, () => ({}))
    const body = await expect400(await postJson('/trigger', { jobName: 'import-csv', input: { filename: 'x.csv', rows } }))
    expect(body.size).toBeLessThan(10_000)
    expect(body.issues[0]?.path).toMatch(/^input/)
    const batch = await expect400(await postJson('/trigger/batch', { runs: [{ jobName: 'import-csv', input: { filename: 'x.csv', rows } }] }))
    expect(batch.issues[0]?.path).toMatch(/^runs\.0\.input/)
    await expectNoRuns()
  })

  it('counts a field every issue of which is listed', async () => {
    const body = await expect400(await postJson('/trigger', { input: {} }))
    expect(body.issueCount).toBe(body.issues.length)
  })
})

describe('labels and keys have bounds, and a 400 names the field', () => {
  const long = (n: number) => 'k'.repeat(n)

  it.each([
    ['a value too long', { labels: { big: 'x'.repeat(900_000) } }, 'labels.big'],
    ['a value one past the bound', { labels: { big: long(MAX_LABEL_VALUE_LENGTH + 1) } }, 'labels.big'],
    ['a key too long', { labels: { [long(MAX_LABEL_KEY_LENGTH + 1)]: 'v' } }, `labels.${long(MAX_LABEL_KEY_LENGTH + 1)}`],
    ['a key with a space', { labels: { 'a b': 'v' } }, 'labels.a b'],
    ['an empty key', { labels: { '': 'v' } }, 'labels.'],
    ['too many labels', { labels: Object.fromEntries(Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`k${i}`, 'v'])) }, 'labels'],
    ['a long idempotency key', { idempotencyKey: long(MAX_RUN_KEY_LENGTH + 1) }, 'idempotencyKey'],
    ['a long concurrency key', { concurrencyKey: long(MAX_RUN_KEY_LENGTH + 1) }, 'concurrencyKey'],
  ])('refuses %s', async (_name, extra, path) => {
    const body = await expect400(await trigger(extra))
    expect(body.issues.map((issue) => issue.path)).toEqual([path])
    expect(body.error).toContain(path)
    expect(body.size).toBeLessThan(2_000)
    await expectNoRuns()
  })

  it('accepts a label filter whose key uses every allowed character', async () => {
    expect((await api('/runs?label.team.a/b:c-d_e=x')).status).toBe(200)
  })

  it('names the run of a batch whose label is wrong, and starts none', async () => {
    const runs = Array.from({ length: 5 }, (_, i) => ({
      jobName: 'import-csv',
      input: importInput(1),
      labels: i === 3 ? { x: 'x'.repeat(MAX_LABEL_VALUE_LENGTH + 1) } : { x: 'ok' },
    }))
    const body = await expect400(await postJson('/trigger/batch', { runs }))
    expect(body.issues.map((issue) => issue.path)).toEqual(['runs.3.labels.x'])
    await expectNoRuns()
  })
})

describe('label filters of lists have the same bounds', () => {
  it.each(['/runs', '/runs/subscribe'])('%s refuses an empty label key, naming label.', async (path) => {
    const body = await expect400(await api(`${path}?label.=x`))
    expect(body.issues.map((issue) => issue.path)).toEqual(['label.'])
  })

  it.each(['/runs', '/runs/subscribe'])('%s refuses a long key or value and too many filters', async (path) => {
    const longKey = `label.${'k'.repeat(MAX_LABEL_KEY_LENGTH + 1)}`
    expect((await expect400(await api(`${path}?${longKey}=x`))).issues[0]?.path).toBe(longKey)
    const longValue = await expect400(await api(`${path}?label.team=${'v'.repeat(MAX_LABEL_VALUE_LENGTH + 1)}`))
    expect(longValue.issues[0]?.path).toBe('label.team')
    const many = Array.from({ length: MAX_LABELS + 1 }, (_, i) => `label.k${i}=v`).join('&')
    expect((await expect400(await api(`${path}?${many}`))).issues[0]?.path).toBe('label.*')
  })

  it('keeps ignoring parameters it does not know', async () => {
    const answer = await api('/runs?color=blue&label.team=a')
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual([])
  })
})

describe('a run id is checked before any run is looked up', () => {
  const endpoints: [string, string][] = [
    ['GET', '/run'],
    ['DELETE', '/run'],
    ['GET', '/steps'],
    ['GET', '/logs'],
    ['POST', '/retrigger'],
    ['POST', '/cancel'],
    ['GET', '/subscribe'],
  ]

  it.each(endpoints)('%s %s refuses a 10 KB run id, naming runId', async (method, path) => {
    const body = await expect400(await api(`${path}?runId=${'A'.repeat(10_000)}`, { method }))
    expect(body.issues).toEqual([{ path: 'runId', message: expect.stringContaining('64') }])
    expect(body.size).toBeLessThan(1_000)
  })

  it.each(endpoints)('%s %s refuses a run id with characters no run id has', async (method, path) => {
    const body = await expect400(await api(`${path}?runId=${encodeURIComponent('01J 2/..\u0000é')}`, { method }))
    expect(body.issues.map((issue) => issue.path)).toEqual(['runId'])
  })
})
