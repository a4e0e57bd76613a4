// Bodies are read up to their bound and must be UTF-8 JSON of bounded depth: anything else is a JSON 4xx, never a 5xx.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH } from './validate'
import { api } from './testing/requests'

const MiB = 1024 * 1024

async function expectError(response: Response, status: number): Promise<{ error: string; issues?: unknown[] }> {
  expect(response.status).toBe(status)
  expect(response.headers.get('Content-Type')).toContain('application/json')
  return (await response.json()) as { error: string; issues?: unknown[] }
}

/** A body stream of `total` bytes in 64 KiB chunks, counting how many chunks were pulled from it. */
function countedBody(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20)
  const counter = { pulls: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulls * chunk.byteLength >= total) return controller.close()
      counter.pulls++
      controller.enqueue(chunk.slice())
    },
    cancel() {
      counter.cancelled = true
    },
  })
  return { stream, counter, chunks: total / chunk.byteLength }
}

function postRaw(path: string, body: BodyInit): Promise<Response> {
  return api(path, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } })
}

async function runsInD1(): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM runs').first<{ n: number }>())?.n ?? -1
}

describe('413: a body past the limit is not read to its end', () => {
  it.each(['/trigger', '/trigger/batch'])('%s stops reading a 20 MB chunked body at the limit', async (path) => {
    const body = countedBody(20_000_000)
    const response = await postRaw(path, body.stream)
    const error = await expectError(response, 413)
    expect(error.error).toContain(String(MiB))
    await new Promise((resolve) => setTimeout(resolve, 100))
    // 1 MiB is 16 chunks; the runtime may buffer a few more, but nowhere near the 306 of the whole body.
    expect(body.counter.pulls).toBeLessThan(40)
    expect(body.counter.pulls).toBeLessThan(body.chunks / 5)
  })

  it('answers a declared Content-Length past the limit before reading anything', async () => {
    const response = await postRaw('/trigger', new Uint8Array(MiB + 1).fill(0x20))
    await expectError(response, 413)
  })
})

describe('400: bodies that are not bounded UTF-8 JSON', () => {
  it('refuses invalid UTF-8, which would otherwise be stored with replacement characters', async () => {
    const prefix = new TextEncoder().encode('{"jobName":"import-csv","input":{"filename":"')
    const suffix = new TextEncoder().encode('","rows":[]}}')
    const bytes = new Uint8Array([...prefix, 0xff, 0xfe, 0xc3, ...suffix])
    const error = await expectError(await postRaw('/trigger', bytes), 400)
    expect(error.error).toContain('UTF-8')
  })

  it.each([
    ['/trigger', 'input', (deep: string) => `{"jobName":"import-csv","input":{"filename":"a","rows":[],"extra":${deep}}}`],
    ['/trigger', 'labels', (deep: string) => `{"jobName":"import-csv","input":{"filename":"a","rows":[]},"labels":${deep}}`],
    ['/trigger/batch', 'runs', (deep: string) => `{"runs":${deep}}`],
  ])('%s refuses %s nested 400,000 levels, quickly', async (path, _field, body) => {
    const deep = '['.repeat(400_000) + ']'.repeat(400_000)
    const started = Date.now()
    const error = await expectError(await postRaw(path, body(deep)), 400)
    expect(error.error).toContain(`deeper than ${MAX_JSON_DEPTH}`)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('accepts nesting at the bound, and brackets inside strings do not count', async () => {
    const atBound = '['.repeat(MAX_JSON_DEPTH - 3) + ']'.repeat(MAX_JSON_DEPTH - 3)
    const text = `{"jobName":"import-csv","input":{"filename":"${'[{'.repeat(100)}\\"","rows":[],"x":${atBound}}}`
    const response = await postRaw('/trigger', text)
    expect(response.status).toBe(200)
    await response.body?.cancel()
  })

  it.each([
    ['a huge number', '/trigger', '{"jobName":"import-csv","input":{"filename":"a","rows":[{"name":"n","email":1e400}]}}', 'input.rows.0.email'],
    ['a number for a string', '/trigger', '{"jobName":"import-csv","input":{"filename":7,"rows":[]}}', 'input.filename'],
    ['a huge number for a word', '/trigger', '{"jobName":"import-csv","input":{"filename":"a","rows":[]},"coalesce":1e999}', 'coalesce'],
    ['a string for the runs', '/trigger/batch', '{"runs":"all"}', 'runs'],
    ['an array for labels', '/trigger', '{"jobName":"import-csv","input":{"filename":"a","rows":[]},"labels":["a"]}', 'labels'],
  ])('refuses %s, naming the field', async (_name, path, text, field) => {
    const error = await expectError(await postRaw(path, text), 400)
    expect((error.issues as { path: string }[]).map((issue) => issue.path)).toEqual([field])
  })

  it('created no run but the one at the depth bound', async () => {
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(await runsInD1()).toBe(1)
  })
})
