// End-to-end over real HTTP against `wrangler dev`: the documented flow of the durably API, step by step.
// Run: node test/e2e-http/flow.test.mjs   (exits non-zero on failure; prints "N passed, N failed")
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { migrateLocal, startDev, waitForExit } from '../../scripts/lib/wrangler.mjs'
import { readEvents } from '../support/sse.mjs'

const PORTS = [8790, 8791, 8792, 8793, 8794, 8795, 8796, 8797, 8798, 8799]
const TERMINAL = ['run:complete', 'run:fail', 'run:cancel', 'run:delete']
const importInput = {
  filename: 'people.csv',
  rows: [
    { name: 'Ada', email: 'ada@example.com' },
    { name: 'Bob', email: 'not-an-email' },
    { name: 'Cy', email: 'cy@example.com' },
  ],
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

async function freePort() {
  for (const port of PORTS) if ((await portIsFree(port)) && (await portIsFree(port + 500))) return port
  throw new Error('No free port in 8790-8799 (and inspector 9290-9299)')
}

let base = ''
const results = []

async function step(name, fn) {
  try {
    await fn()
    results.push({ name, ok: true })
    console.log(`ok   ${name}`)
  } catch (error) {
    results.push({ name, ok: false })
    console.log(`FAIL ${name}\n     ${error?.stack ?? error}`)
  }
}

async function request(method, route, body) {
  const init = { method, headers: {} }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  const response = await fetch(`${base}${route}`, init)
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined }
}

async function waitForStatus(runId, statuses, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { body } = await request('GET', `/run?runId=${runId}`)
    if (statuses.includes(body?.status)) return body
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${body?.status}, expected ${statuses.join('|')}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function flow() {
  const state = {}

  await step('the API is open for local development (no token, STEPFLARE_OPEN_ACCESS=true)', async () => {
    const { status, body } = await request('GET', '/session')
    assert.equal(status, 200)
    assert.deepEqual(body, { authenticated: true, configured: false, required: false })
  })

  await step('POST /trigger starts the import job', async () => {
    const { status, body } = await request('POST', '/trigger', { jobName: 'import-csv', input: importInput })
    assert.equal(status, 200)
    assert.equal(body.disposition, 'created')
    state.runId = body.runId
  })

  await step('GET /subscribe follows the run over SSE to run:complete', async () => {
    const { status, events, ended } = await readEvents(`${base}/subscribe?runId=${state.runId}`)
    assert.equal(status, 200)
    assert.equal(events[0]?.data.type, 'run:snapshot')
    assert.ok(events.every((event) => /^\d+$/.test(event.id ?? '')), 'every event has a numeric id')
    const last = events.at(-1)
    assert.equal(last?.data.type, 'run:complete')
    assert.deepEqual(last.data.output, { imported: 2 })
    assert.equal(ended, true, 'the stream closes after the terminal event')
    state.terminalId = last.id
  })

  await step('a reconnect after the terminal event gets 204', async () => {
    const { status } = await readEvents(`${base}/subscribe?runId=${state.runId}`, {
      headers: { 'Last-Event-ID': state.terminalId },
    })
    assert.equal(status, 204)
  })

  await step('GET /run, /steps and /logs show the finished run', async () => {
    const run = await request('GET', `/run?runId=${state.runId}`)
    assert.equal(run.body.status, 'completed')
    assert.equal(run.body.isTerminal, true)
    const steps = await request('GET', `/steps?runId=${state.runId}`)
    assert.deepEqual(steps.body.map((entry) => entry.name), ['validate', 'import'])
    const logs = await request('GET', `/logs?runId=${state.runId}`)
    assert.equal(logs.body[0]?.message, 'Starting import of people.csv')
  })

  await step('GET /runs lists it, newest first, with X-Total-Count', async () => {
    const { status, headers, body } = await request('GET', '/runs?jobName=import-csv')
    assert.equal(status, 200)
    assert.equal(body[0]?.id, state.runId)
    assert.ok(Number(headers.get('X-Total-Count')) >= 1)
  })

  await step('POST /retrigger starts a fresh run that completes too', async () => {
    const { status, body } = await request('POST', `/retrigger?runId=${state.runId}`)
    assert.equal(status, 200)
    assert.equal(body.success, true)
    assert.notEqual(body.runId, state.runId)
    const fresh = await waitForStatus(body.runId, ['completed', 'failed'])
    assert.equal(fresh.status, 'completed')
    assert.deepEqual(fresh.input, importInput)
  })

  await step('POST /cancel stops a slow run; its subscribers see run:cancel', async () => {
    const started = await request('POST', '/trigger', { jobName: 'slow-steps', input: { steps: 30, delayMs: 500 } })
    assert.equal(started.status, 200)
    const slowId = started.body.runId
    await waitForStatus(slowId, ['leased'])
    const watching = readEvents(`${base}/subscribe?runId=${slowId}`, { until: (event) => TERMINAL.includes(event.data.type) })
    await new Promise((resolve) => setTimeout(resolve, 300))
    const cancelled = await request('POST', `/cancel?runId=${slowId}`)
    assert.equal(cancelled.status, 200)
    assert.deepEqual(cancelled.body, { success: true })
    const { events } = await watching
    assert.equal(events.at(-1)?.data.type, 'run:cancel')
    const run = await waitForStatus(slowId, ['cancelled'])
    assert.ok(run.completedStepCount < 30, 'it stopped before the end')
  })

  await step('DELETE /run removes a finished run', async () => {
    const deleted = await request('DELETE', `/run?runId=${state.runId}`)
    assert.equal(deleted.status, 200)
    assert.deepEqual(deleted.body, { success: true })
    assert.equal((await request('GET', `/run?runId=${state.runId}`)).status, 404)
  })

  await step('client mistakes get 400/404/405, never 500', async () => {
    const invalid = await request('POST', '/trigger', { jobName: 'import-csv', input: { filename: 1 } })
    assert.equal(invalid.status, 400)
    assert.ok(invalid.body.issues.some((issue) => issue.path === 'input.filename'))
    assert.equal((await request('POST', '/trigger', { jobName: 'nope', input: {} })).status, 404)
    assert.equal((await request('GET', '/trigger')).status, 405)
  })

  await step('GET /openapi.json is an OpenAPI 3.1 document', async () => {
    const { status, body } = await request('GET', '/openapi.json')
    assert.equal(status, 200)
    assert.equal(body.openapi, '3.1.0')
    assert.ok(body.paths['/trigger'].post)
  })
}

async function main() {
  const persistTo = mkdtempSync(path.join(os.tmpdir(), 'stepflare-http-e2e-'))
  let dev
  try {
    migrateLocal(persistTo)
    const port = await freePort()
    dev = await startDev({ port, inspectorPort: port + 500, persistTo, vars: { STEPFLARE_OPEN_ACCESS: 'true' } })
    base = `${dev.url}/api/durably`
    await flow()
  } catch (error) {
    results.push({ name: 'setup', ok: false })
    console.log(`FAIL setup\n     ${error?.stack ?? error}`)
  } finally {
    if (dev) {
      dev.stop('SIGTERM')
      await waitForExit(dev.child, 5_000)
      dev.stop('SIGKILL')
    }
    rmSync(persistTo, { recursive: true, force: true })
  }
  const passed = results.filter((result) => result.ok).length
  const failed = results.length - passed
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

await main()
