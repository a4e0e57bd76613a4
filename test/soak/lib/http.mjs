// HTTP for the reliability suite: requests that never throw (status 0 = no answer in time) and a bounded pool.

/**
 * Sends one request and reads its whole answer. Never throws: a network error or no answer within `timeoutMs`
 * comes back as status 0 with the reason in `error`. `abortAfterMs` hangs up on purpose, as an impatient client does.
 */
export async function request(url, { timeoutMs = 15_000, abortAfterMs, ...init } = {}) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error('timeout')), abortAfterMs ?? timeoutMs)
  const started = performance.now()
  try {
    const response = await fetch(url, { ...init, signal: controller.signal })
    const text = await response.text()
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, text, ms: performance.now() - started }
  } catch (error) {
    const aborted = abortAfterMs !== undefined && controller.signal.aborted
    return { status: 0, contentType: '', text: '', error: aborted ? 'aborted by the client' : String(error?.cause ?? error), aborted, ms: performance.now() - started }
  } finally {
    clearTimeout(timer)
  }
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
