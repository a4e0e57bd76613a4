// A table of hostile requests: each must get its 4xx as JSON (or be accepted where noted), quickly, and change nothing.
import { json, request } from './lib/http.mjs'

const goodInput = { filename: 'a.csv', rows: [{ name: 'Ada', email: 'ada@example.com' }] }
const body = (value) => JSON.stringify(value)
const trigger = (value) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof value === 'string' ? value : body(value) })
const longId = 'x'.repeat(10_000)

/** A body that streams `bytes` in 64 KB chunks with no Content-Length (that the Worker stops reading at its limit is
 * tested in the Workers runtime: bodies.test.ts). */
function chunkedBody(bytes) {
  const chunk = new Uint8Array(64 * 1024).fill(0x61)
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close()
      sent += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
}

/** wrangler dev's proxy losing an early answer to an upload it was still sending (not an answer of the Worker). */
function isDevProxyDrop(answer) {
  return answer.status === 0 || (answer.status === 503 && answer.text.startsWith('Your worker restarted mid-request'))
}

/** `[name, path, init, expected, extra?, options?]`: expected is a status, a list of statuses, or '4xx'. */
function cases() {
  const nested = '['.repeat(100_000) + ']'.repeat(100_000)
  return [
    ['malformed JSON', '/trigger', trigger('{"jobName":'), 400],
    ['empty body', '/trigger', trigger(''), 400],
    ['a JSON array as body', '/trigger', trigger([1, 2]), 400],
    ['jobName of the wrong type', '/trigger', trigger({ jobName: 42, input: goodInput }), 400],
    ['unknown job', '/trigger', trigger({ jobName: 'no-such-job', input: goodInput }), 404],
    ['a NUL in the job name', '/trigger', trigger({ jobName: 'import\u0000csv', input: goodInput }), [400, 404]],
    ['input of the wrong types', '/trigger', trigger({ jobName: 'import-csv', input: { filename: 3, rows: 'x' } }), 400],
    ['a number too large for JSON (1e400)', '/trigger', trigger('{"jobName":"import-csv","input":{"filename":1e400,"rows":[]}}'), 400],
    ['JSON nested 100,000 deep', '/trigger', trigger(`{"jobName":"import-csv","input":${nested}}`), [400, 413]],
    ['invalid UTF-8 in the body', '/trigger', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }, 400],
    ['2 MB body with Content-Length', '/trigger', trigger({ jobName: 'import-csv', input: { filename: 'x'.repeat(2_000_000), rows: [] } }), 413],
    // The Worker answers 413 and cancels the upload; under `wrangler dev` its local proxy sometimes turns that early
    // answer into "503 Your worker restarted mid-request" or a reset (the body of the 413 may be cut off too).
    ['20 MB chunked body', '/trigger', { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunkedBody(20 * 1024 * 1024), duplex: 'half' }, [413, 503, 0], (answer) => answer.status === 413 || isDevProxyDrop(answer), { bodyMayBeCut: true }],
    ['300 KB of 100,000 wrong rows (the answer stays small)', '/trigger', trigger({ jobName: 'import-csv', input: { filename: 'a', rows: Array.from({ length: 100_000 }, () => ({})) } }), 400, (answer) => answer.text.length < 16 * 1024],
    ['a 900 KB label value', '/trigger', trigger({ jobName: 'import-csv', input: goodInput, labels: { big: 'x'.repeat(900_000) } }), 400],
    ['1,000 labels', '/trigger', trigger({ jobName: 'import-csv', input: goodInput, labels: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 'v'])) }), 400],
    ['a label value that is not a string', '/trigger', trigger({ jobName: 'import-csv', input: goodInput, labels: { n: 1 } }), 400],
    ['a 10 KB idempotency key', '/trigger', trigger({ jobName: 'import-csv', input: goodInput, idempotencyKey: longId }), 400],
    ['a 10 KB concurrency key', '/trigger', trigger({ jobName: 'import-csv', input: goodInput, concurrencyKey: longId }), 400],
    ['coalesce of an unknown kind', '/trigger', trigger({ jobName: 'import-csv', input: goodInput, coalesce: 'everything' }), 400],
    ['1,001 runs in one batch', '/trigger/batch', trigger({ runs: Array.from({ length: 1001 }, () => ({ jobName: 'import-csv', input: goodInput })) }), [400, 413]],
    ['a batch that is not an array', '/trigger/batch', trigger({ runs: 'all' }), 400],
    ['GET /run without runId', '/run', {}, 400],
    ['GET /run with a 10 KB runId', `/run?runId=${longId}`, {}, [400, 404]],
    ['GET /run with an emoji runId', `/run?runId=${encodeURIComponent('🦄')}`, {}, [400, 404]],
    ['GET /steps with a 10 KB runId', `/steps?runId=${longId}`, {}, [400, 404]],
    ['GET /logs with a negative after', '/logs?runId=x&after=-1', {}, 400],
    ['GET /runs with limit=abc', '/runs?limit=abc', {}, 400],
    ['GET /runs with an unknown status', '/runs?status=sleeping', {}, 400],
    ['GET /runs with an empty label key', '/runs?label.=x', {}, 400],
    ['GET /subscribe with Last-Event-ID: abc', '/subscribe?runId=x', { headers: { 'Last-Event-ID': 'abc' } }, 400],
    ['POST /cancel of an unknown run', '/cancel?runId=01ZZZZZZZZZZZZZZZZZZZZZZZZ', { method: 'POST' }, 404],
    ['POST /cancel with a 10 KB runId', `/cancel?runId=${longId}`, { method: 'POST' }, [400, 404]],
    ['DELETE /run of an unknown run', '/run?runId=01ZZZZZZZZZZZZZZZZZZZZZZZZ', { method: 'DELETE' }, 404],
    ['PUT /trigger', '/trigger', { method: 'PUT' }, 405],
    ['an unknown path', '/nope', {}, 404],
    ['unknown fields are dropped, the run accepted', '/trigger', trigger({ jobName: 'import-csv', input: goodInput, surprise: { deep: [1] }, __proto__: { polluted: true } }), 200],
  ]
}

/** Sends every case to `baseUrl`; returns `{ checks, figures }` with one check per case and a health check after. */
export async function hostileChecks({ baseUrl, timeoutMs = 10_000 }) {
  const api = (path) => `${baseUrl}/api/durably${path}`
  const checks = []
  const totalBefore = Number((await request(api('/runs?limit=1'))).headers?.get('x-total-count'))
  let accepted = 0
  for (const [name, path, init, expected, extra, { bodyMayBeCut = false } = {}] of cases()) {
    const answer = await request(api(path), { ...init, timeoutMs })
    const statuses = expected === '4xx' ? null : [expected].flat()
    const statusOk = statuses ? statuses.includes(answer.status) : answer.status >= 400 && answer.status < 500
    const jsonOk = bodyMayBeCut || (answer.contentType.includes('application/json') && json(answer) !== undefined)
    const extraOk = extra ? extra(answer) : true
    if (answer.status === 200) accepted++
    checks.push({ name: `${name} → ${[expected].flat().join('/')}`, ok: statusOk && jsonOk && extraOk, detail: `${answer.status || answer.error} ${answer.contentType} ${Math.round(answer.ms)} ms ${answer.text.length} B${statusOk ? '' : ` ${answer.text.slice(0, 100)}`}` })
  }
  const totalAfter = Number((await request(api('/runs?limit=1'))).headers?.get('x-total-count'))
  const health = await request(api('/runs?limit=5'), { timeoutMs: 5000 })
  checks.push({ name: 'afterwards the API answers, and only the accepted requests created runs', ok: health.status === 200 && totalAfter - totalBefore <= accepted, detail: `${health.status}, ${totalAfter - totalBefore} new runs for ${accepted} accepted` })
  return { checks, figures: { cases: checks.length - 1 } }
}
