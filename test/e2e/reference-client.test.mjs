// Chromium test of a page built on the published @coji/durably-react 0.15 hooks (test/e2e/reference-client/), served
// from the app's origin: it subscribes to a run that began and logged before the page opened, and must show the run's
// progress and every log line, the earlier ones replayed on connect and the later ones live, each once.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startApp, waitUntilDown } from './server.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const fixture = path.join(root, 'test/e2e/reference-client')
const shots = path.join(root, 'test-results', 'e2e-reference-client')
const PORT = Number(process.env.E2E_PORT ?? 8800)
const WAIT = 15_000
const STEPS = 6
const lines = (count) => Array.from({ length: count }, (_, i) => `Step ${i + 1} done`)

let passed = 0
let failed = 0
let page

async function check(name, fn) {
  const started = Date.now()
  try {
    await fn()
    passed++
    console.log(`ok   ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    failed++
    console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split('\n').slice(0, 4).join('\n     ')}`)
    await page?.screenshot({ path: path.join(shots, `fail-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60)}.png`) }).catch(() => {})
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message)
}

/** Installs the fixture's pinned packages once (npm ci from its lockfile; cached in its node_modules). */
function installFixture() {
  const installed = path.join(fixture, 'node_modules/@coji/durably-react/package.json')
  if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === '0.15.0') return
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: fixture, encoding: 'utf8', timeout: 120_000 })
  if (npm.status !== 0) throw new Error(`npm ci in ${fixture} failed:\n${npm.stdout}\n${npm.stderr}`)
}

/** Bundles the fixture page with esbuild into a temporary folder; returns its files by name. */
function buildFixture(outdir) {
  const esbuild = path.join(root, 'node_modules/.bin/esbuild')
  const args = [path.join(fixture, 'app.jsx'), '--bundle', '--format=esm', '--jsx=automatic', '--minify', '--log-level=warning',
    '--define:process.env.NODE_ENV="production"', `--outfile=${path.join(outdir, 'app.js')}`]
  const built = spawnSync(esbuild, args, { encoding: 'utf8', timeout: 60_000 })
  if (built.status !== 0) throw new Error(`esbuild failed:\n${built.stderr}`)
  return {
    'index.html': { body: readFileSync(path.join(fixture, 'index.html')), contentType: 'text/html' },
    'app.js': { body: readFileSync(path.join(outdir, 'app.js')), contentType: 'text/javascript' },
  }
}

async function api(url, pathAndQuery, init) {
  const response = await fetch(`${url}/api/durably${pathAndQuery}`, init)
  if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`)
  return response.json()
}

const shown = (p) => p.locator('[data-testid="logs"] li').allTextContents()
const text = (p, id) => p.locator(`[data-testid="${id}"]`).textContent()

async function waitFor(condition, what, timeoutMs = WAIT) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await condition()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function runChecks(url, context) {
  const open = async (runId) => {
    page = await context.newPage()
    page.setDefaultTimeout(WAIT)
    await page.goto(`${url}/reference-client/index.html?runId=${runId}`)
    return page
  }
  const { runId } = await api(url, '/trigger', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jobName: 'slow-steps', input: { steps: STEPS, delayMs: 400 } }),
  })
  // The page opens only once the run has logged: those lines were written before its EventSource connected.
  const before = await waitFor(async () => {
    const logs = await api(url, `/logs?runId=${runId}`)
    return logs.length >= 2 && logs.map((log) => log.message)
  }, 'the run to log two lines')

  await check('a page opened after the run began shows its status, progress and the lines logged before it', async () => {
    const p = await open(runId)
    await waitFor(async () => (await shown(p)).length >= before.length, 'the earlier lines')
    const first = await shown(p)
    assert(first.slice(0, before.length).join('|') === before.join('|'), `expected ${before} first, got ${first}`)
    const status = await text(p, 'status')
    assert(['leased', 'completed'].includes(status), `status ${status}`)
    assert(/^\d\/6 /.test(await text(p, 'progress')), `progress ${await text(p, 'progress')}`)
    assert(before.length < STEPS, 'the run was still going when the page connected')
  })

  await check('later lines arrive live, each once, and the run completes with its progress and output', async () => {
    await waitFor(async () => (await text(page, 'status')) === 'completed', 'completed')
    assert((await shown(page)).join('|') === lines(STEPS).join('|'), `logs ${await shown(page)}`)
    assert((await text(page, 'progress')) === '6/6 All steps done', `progress ${await text(page, 'progress')}`)
    assert((await text(page, 'output')) === '{"completed":6}', `output ${await text(page, 'output')}`)
    // After the ending the browser reconnects with Last-Event-ID, gets 204 and stops: no line comes twice.
    await page.waitForFunction(() => window.__eventSources.length > 0 && window.__eventSources.every((s) => s.readyState === 2), null, { timeout: 10_000 })
    assert((await shown(page)).join('|') === lines(STEPS).join('|'), `logs after the reconnect ${await shown(page)}`)
  })

  await check('a page opened after the run ended shows it completed with every line and its last progress', async () => {
    const p = await open(runId)
    await waitFor(async () => (await text(p, 'status')) === 'completed' && (await shown(p)).length === STEPS, 'the finished run')
    assert((await shown(p)).join('|') === lines(STEPS).join('|'), `logs ${await shown(p)}`)
    assert((await text(p, 'progress')) === '6/6 All steps done', `progress ${await text(p, 'progress')}`)
    await page.screenshot({ path: path.join(shots, 'finished-run.png') })
  })
}

async function main() {
  rmSync(shots, { recursive: true, force: true })
  mkdirSync(shots, { recursive: true })
  installFixture()
  const outdir = mkdtempSync(path.join(tmpdir(), 'stepflare-reference-client-'))
  const files = buildFixture(outdir)
  await waitUntilDown(`http://127.0.0.1:${PORT}`)
  const skipBuild = existsSync(path.join(root, 'client/dist/index.html'))
  const app = await startApp({ port: PORT, inspectorPort: 9300 + (PORT - 8800), vars: { STEPFLARE_OPEN_ACCESS: 'true' }, skipBuild })
  const profile = mkdtempSync(path.join(tmpdir(), 'stepflare-reference-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  // The fixture's files are served at the app's origin by the browser itself: nothing of them ships with the app.
  await context.route(`${app.url}/reference-client/**`, (route) => {
    const file = files[path.basename(new URL(route.request().url()).pathname)]
    return file ? route.fulfill({ status: 200, body: file.body, contentType: file.contentType }) : route.fulfill({ status: 404 })
  })
  await context.addInitScript(() => {
    const Native = window.EventSource
    window.__eventSources = []
    window.EventSource = class extends Native {
      constructor(url, init) {
        super(url, init)
        window.__eventSources.push(this)
      }
    }
  })
  try {
    await runChecks(app.url, context)
  } finally {
    await context.close().catch(() => {})
    app.stop()
    rmSync(profile, { recursive: true, force: true })
    rmSync(outdir, { recursive: true, force: true })
    rmSync(app.persistTo, { recursive: true, force: true })
  }
}

const started = Date.now()
await main().catch((error) => {
  failed++
  console.log(`FAIL setup\n     ${String(error?.stack ?? error)}`)
})
console.log(`\n${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`)
process.exit(failed === 0 ? 0 : 1)
