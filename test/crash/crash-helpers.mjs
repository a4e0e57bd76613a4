// Helpers of the crash test: checks that count passes and failures, bounded polling, and JSON calls to the durably API
// of whichever `wrangler dev` process serves the test's state at the moment.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** `check(name, ok, detail)` prints one line per check and counts them in `tally`. */
export function createChecks() {
  const tally = { passed: 0, failed: 0 }
  const check = (name, ok, detail = '') => {
    if (ok) tally.passed++
    else tally.failed++
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`)
  }
  return { check, tally }
}

/** Polls `predicate` every 50 ms until it answers a truthy value (errors count as not yet); throws after `timeoutMs`. */
export async function waitFor(label, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await predicate().catch(() => null)
    if (value) return value
    await sleep(50)
  }
  throw new Error(`timed out waiting for ${label}`)
}

/** Calls to `/api/durably` of the server `currentUrl()` names (it changes when the server is restarted). */
export function durablyApi(currentUrl) {
  async function api(pathAndQuery, init) {
    const response = await fetch(`${currentUrl()}/api/durably${pathAndQuery}`, init)
    const body = await response.json()
    if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${JSON.stringify(body)}`)
    return body
  }
  const post = (pathAndQuery, body) =>
    api(pathAndQuery, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return {
    api,
    post,
    trigger: async (jobName, input, options = {}) => (await post('/trigger', { jobName, input, ...options })).runId,
    /** The run once `predicate(run)` holds (polled, bounded by `timeoutMs`). */
    runWhen: (runId, label, predicate, timeoutMs) =>
      waitFor(label, async () => {
        const run = await api(`/run?runId=${runId}`)
        return predicate(run) ? run : null
      }, timeoutMs),
  }
}
