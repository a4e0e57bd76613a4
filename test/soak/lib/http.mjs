// HTTP for the reliability suite: requests that never throw (status 0 = no answer in time) and a bounded pool.
// Requests go through node:http with a socket of their own and a hard deadline: under bursts of aborted requests,
// Node's fetch was seen to leave some promises pending for ever with no socket open, which would hang the suite.
import http from 'node:http'

/** Reads a body given as a string, bytes or a ReadableStream (written chunk by chunk, without Content-Length). */
async function writeBody(req, body) {
  if (body === undefined || body === null) return req.end()
  if (typeof body === 'string' || body instanceof Uint8Array) return req.end(body)
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || req.destroyed) break
      if (!req.write(value)) await new Promise((resolve) => req.once('drain', resolve).once('close', resolve))
    }
  } catch {}
  if (!req.destroyed) req.end()
}

/**
 * Sends one request and reads its whole answer. Never throws: a network error or no answer within `timeoutMs`
 * comes back as status 0 with the reason in `error`. `abortAfterMs` hangs up on purpose, as an impatient client does.
 */
export function request(url, { timeoutMs = 15_000, abortAfterMs, method = 'GET', headers = {}, body } = {}) {
  const started = performance.now()
  return new Promise((resolve) => {
    let settled = false
    const finish = (answer) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...answer, ms: performance.now() - started })
    }
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('error', (error) => finish({ status: 0, contentType: '', text: '', error: String(error) }))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const responseHeaders = new Headers()
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders.set(name, [value].flat().join(', '))
        finish({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', headers: responseHeaders, text })
      })
    })
    const aborting = abortAfterMs !== undefined
    const timer = setTimeout(() => {
      req.destroy()
      finish({ status: 0, contentType: '', text: '', error: aborting ? 'aborted by the client' : 'timeout', aborted: aborting })
    }, abortAfterMs ?? timeoutMs)
    req.on('error', (error) => finish({ status: 0, contentType: '', text: '', error: String(error) }))
    void writeBody(req, body)
  })
}

/** The answer's body as JSON, or undefined. */
export function json(answer) {
  try {
    return JSON.parse(answer.text)
  } catch {
    return undefined
  }
}

/** Runs `tasks` (functions returning promises) with at most `inFlight` at once; results in task order. */
export async function pool(tasks, inFlight) {
  const results = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, tasks.length) }, worker))
  return results
}

/** `{ 200: 998, 0: 2 }`-style counts of statuses. */
export function countStatuses(answers) {
  const counts = {}
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1
  return counts
}

export function postJson(url, body, init = {}) {
  return request(url, { ...init, method: 'POST', headers: { 'content-type': 'application/json', ...init.headers }, body: JSON.stringify(body) })
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
