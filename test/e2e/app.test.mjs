// End-to-end test of the React client in real Chromium against the app as `npm start` serves it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startApp, waitUntilDown } from './server.mjs'
import { familyEventsChecks } from './family-events-checks.mjs'
import { schedulesChecks } from './schedules-checks.mjs'
import { waitsChecks } from './waits-checks.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const shots = path.join(root, 'test-results', 'e2e')
const PORT = Number(process.env.E2E_PORT ?? 8800)
const TOKEN = 'e2e-secret-token'
const WAIT = 20_000

const files = mkdtempSync(path.join(tmpdir(), 'stepflare-e2e-files-'))
const contacts = Array.from({ length: 25 }, (_, i) => `"Person ${i + 1}",person${i + 1}@example.com`)
const fixture = (name, text) => {
  const file = path.join(files, name)
  writeFileSync(file, text)
  return file
}
const goodCsv = fixture('contacts.csv', `name,email\r\n${contacts.join('\r\n')}\r\n`)
const badCsv = fixture('bad.csv', 'name,email\nAda,ada@example.com\nBob,\n,carol@example.com\n')
const emptyCsv = fixture('empty.csv', '')
const notCsv = fixture('logo.png', '\u0089PNG\r\n\u001a\n\u0000\u0000binary')

let passed = 0
let failed = 0
let page
let dashboard

async function check(name, fn) {
  const started = Date.now()
  try {
    await fn()
    passed++
    console.log(`ok   ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    failed++
    console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split('\n').slice(0, 4).join('\n     ')}`)
    await page?.screenshot({ path: path.join(shots, `fail-${slug(name)}.png`), fullPage: true }).catch(() => {})
    await dashboard?.screenshot({ path: path.join(shots, `fail-${slug(name)}-dashboard.png`), fullPage: true }).catch(() => {})
  }
}

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60)
const shot = (p, name) => p.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true })

/** Triggers a job through the API from the page (so the session cookie is sent); returns the run id. */
async function trigger(p, jobName, input, labels) {
  return p.evaluate(
    async ({ jobName, input, labels }) => {
      const response = await fetch('/api/durably/trigger', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jobName, input, labels }),
      })
      if (!response.ok) throw new Error(`trigger ${response.status}: ${await response.text()}`)
      return (await response.json()).runId
    },
    { jobName, input, labels },
  )
}

const row = (p, runId) => p.locator(`tr[data-run-id="${runId}"]`)
async function waitForStatus(p, runId, status) {
  await row(p, runId).and(p.locator(`[data-status="${status}"]`)).waitFor({ timeout: WAIT })
}

/** page.goto, retried while wrangler dev is still (re)loading the Worker. */
async function open(p, url) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await p.goto(url)
    } catch (error) {
      if (attempt >= 5 || !/ERR_CONNECTION_(RESET|REFUSED)|ERR_EMPTY_RESPONSE/.test(String(error))) throw error
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
}

async function main() {
  rmSync(shots, { recursive: true, force: true })
  mkdirSync(shots, { recursive: true })
  const serverOptions = { port: PORT, inspectorPort: 9300 + (PORT - 8800), vars: { STEPFLARE_API_TOKEN: TOKEN } }
  let app = await startApp(serverOptions)
  const restart = async () => {
    app.stop('SIGKILL')
    await Promise.race([app.exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    await waitUntilDown(app.url)
    app = await startApp({ ...serverOptions, persistTo: app.persistTo, skipBuild: true })
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'stepflare-e2e-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 860 },
  })
  // Records every EventSource the app opens, to check there is one per run however many hooks watch it.
  await context.addInitScript(() => {
    const Native = window.EventSource
    window.__eventSources = []
    window.EventSource = class extends Native {
      constructor(url, init) {
        super(url, init)
        window.__eventSources.push({ url: String(url), source: this })
      }
    }
  })
  try {
    page = context.pages()[0] ?? (await context.newPage())
    page.setDefaultTimeout(WAIT)
    await runChecks(app.url, context, restart)
  } finally {
    await context.close().catch(() => {})
    app.stop()
    rmSync(profile, { recursive: true, force: true })
    rmSync(files, { recursive: true, force: true })
    rmSync(app.persistTo, { recursive: true, force: true })
  }
}

async function runChecks(url, context, restart) {
  let importRunId = ''

  await check('asks for the token on a 401, then signs in with a session cookie', async () => {
    await open(page, `${url}/`)
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await shot(page, '01-sign-in')
    await page.getByLabel('Access token').fill('wrong-token')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').waitFor()
    await page.getByLabel('Access token').fill(TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Import contacts' }).waitFor()
  })

  await check('explains a file with bad lines, an empty file and a non-CSV file', async () => {
    const input = page.getByLabel('CSV file')
    await input.setInputFiles(badCsv)
    await page.getByText('Line 3: missing email').waitFor()
    await page.getByText('Line 4: missing name').waitFor()
    await page.getByRole('button', { name: 'Import 1 contact' }).waitFor()
    await shot(page, '02-import-bad-lines')
    await input.setInputFiles(emptyCsv)
    await page.getByText('The file is empty').waitFor()
    if (await page.getByRole('button', { name: 'Import CSV' }).isEnabled()) throw new Error('Import enabled for an empty file')
    await input.setInputFiles(notCsv)
    await page.getByText('not a CSV file. Choose a .csv file').waitFor()
    await shot(page, '03-import-not-csv')
  })

  await check('imports a CSV and the progress reaches "Done! Imported 25 rows"', async () => {
    dashboard = await context.newPage()
    dashboard.setDefaultTimeout(WAIT)
    await open(dashboard, `${url}/runs`)
    await dashboard.getByRole('heading', { name: 'Runs' }).waitFor()
    await page.getByLabel('CSV file').setInputFiles(goodCsv)
    await page.getByText('25 contacts ready to import').waitFor()
    const triggerResponse = page.waitForResponse((r) => r.url().endsWith('/api/durably/trigger'))
    await page.getByRole('button', { name: 'Import 25 contacts' }).click()
    importRunId = (await (await triggerResponse).json()).runId
    await page.getByText('Done! Imported 25 rows.').waitFor()
    await shot(page, '04-import-done')
  })

  await check('the dashboard shows the import run appear live, without a reload', async () => {
    await waitForStatus(dashboard, importRunId, 'completed')
    await row(dashboard, importRunId).getByText('import-csv').waitFor()
    const live = await trigger(dashboard, 'slow-steps', { steps: 3, delayMs: 300 }, { e2e: 'live' })
    await row(dashboard, live).waitFor()
    await waitForStatus(dashboard, live, 'completed')
    await dashboard.locator('figure.chart svg rect').first().waitFor()
    await shot(dashboard, '05-dashboard')
  })

  await check('cancels a slow run from its row', async () => {
    const slow = await trigger(dashboard, 'slow-steps', { steps: 30, delayMs: 500 }, { e2e: 'cancel' })
    await waitForStatus(dashboard, slow, 'leased')
    await row(dashboard, slow).getByRole('button', { name: /^Cancel / }).click()
    await waitForStatus(dashboard, slow, 'cancelled')
  })

  await check('retriggers a failed run, and the new run appears', async () => {
    const failing = await trigger(dashboard, 'slow-steps', { steps: 2, delayMs: 50, failAt: 2 }, { e2e: 'retrigger' })
    await waitForStatus(dashboard, failing, 'failed')
    const before = await dashboard.locator('tr[data-run-id]').count()
    await row(dashboard, failing).getByRole('button', { name: /^Retrigger / }).click()
    await dashboard.getByText('Retriggered the run.').waitFor()
    await dashboard.waitForFunction((n) => document.querySelectorAll('tr[data-run-id]').length > n, before)
    await shot(dashboard, '06-dashboard-actions')
  })

  await check('filters by status and by label', async () => {
    await dashboard.getByLabel('Status').selectOption('failed')
    await dashboard.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr[data-run-id]')]
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-status') === 'failed')
    })
    if (!dashboard.url().includes('status=failed')) throw new Error('filter not kept in the URL')
    await dashboard.getByLabel('Status').selectOption('')
    await dashboard.getByLabel('Label').fill('e2e=cancel')
    await dashboard.getByRole('button', { name: 'Apply' }).click()
    await dashboard.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr[data-run-id]')]
      return rows.length === 1 && rows[0]?.getAttribute('data-status') === 'cancelled'
    })
    await dashboard.getByRole('button', { name: 'Clear' }).click()
  })

  await check('deletes a finished run from its row', async () => {
    const doomed = await trigger(dashboard, 'slow-steps', { steps: 1, delayMs: 10 }, { e2e: 'delete' })
    await waitForStatus(dashboard, doomed, 'completed')
    await row(dashboard, doomed).getByRole('button', { name: /^Delete / }).click()
    await row(dashboard, doomed).waitFor({ state: 'detached' })
  })

  await check('bulk-cancels selected runs', async () => {
    const ids = []
    for (let i = 0; i < 2; i++) ids.push(await trigger(dashboard, 'slow-steps', { steps: 30, delayMs: 500 }, { e2e: 'bulk' }))
    for (const id of ids) await row(dashboard, id).waitFor()
    for (const id of ids) await row(dashboard, id).getByRole('checkbox').check()
    await dashboard.getByRole('toolbar').getByRole('button', { name: 'Cancel (2)' }).click()
    for (const id of ids) await waitForStatus(dashboard, id, 'cancelled')
  })

  await check('opens a run with its steps, output and logs', async () => {
    await row(dashboard, importRunId).getByRole('link').click()
    await dashboard.waitForURL(`**/runs/${importRunId}`)
    await dashboard.locator('[data-step="validate"]').waitFor()
    await dashboard.locator('[data-step="import"]').waitFor()
    await dashboard.getByText('Starting import of contacts.csv').waitFor()
    await dashboard.getByLabel('Output').getByText('"imported": 25').waitFor()
    await shot(dashboard, '07-run-detail')
  })

  await check('follows a running run live on its page (progress, steps, logs)', async () => {
    const running = await trigger(dashboard, 'slow-steps', { steps: 4, delayMs: 400 }, { e2e: 'detail' })
    await open(dashboard, `${url}/runs/${running}`)
    await dashboard.getByRole('progressbar', { name: 'Run progress' }).waitFor()
    await dashboard.locator('[data-step="step-1"]').waitFor()
    await shot(dashboard, '08-run-detail-live')
    const openStreams = () =>
      dashboard.evaluate((id) => window.__eventSources.filter((e) => e.url.includes(`runId=${id}`) && e.source.readyState !== 2).length, running)
    if ((await openStreams()) !== 1) throw new Error(`expected one EventSource for the run, found ${await openStreams()}`)
    await dashboard.getByText('Step 4 done').waitFor()
    await dashboard.locator('[data-step="step-4"]').waitFor()
    await dashboard.getByRole('button', { name: /^Retrigger / }).waitFor()
    await shot(dashboard, '09-run-detail-done')
    if ((await openStreams()) !== 0) throw new Error('the run stream stayed open after the run ended')
  })

  await check('follows a retried, sleeping run: retrying with a countdown and the error, sleeping, completed; its attempts', async () => {
    const flaky = await trigger(dashboard, 'flaky-sync', { failTimes: 1, retryDelayMs: 1500, sleepMs: 3000 }, { e2e: 'flaky' })
    await open(dashboard, `${url}/runs/${flaky}`)
    const wait = dashboard.locator('.wait-card')
    await wait.getByText(/^Retrying fetch \(attempt 2\) · in 0:0[12]$/).waitFor()
    await wait.getByText('Last error: Upstream answered 503 (attempt 1)').waitFor()
    await dashboard.locator('.badge[data-status="waiting"]').waitFor()
    await dashboard.locator('[data-step="fetch"][data-status="retrying"]').waitFor()
    await shot(dashboard, '13-run-retrying')
    await wait.getByText(/^Sleeping \(cool-down\) · wakes in 0:0[1-3]$/).waitFor()
    await dashboard.locator('[data-step="cool-down"][data-status="sleeping"]').waitFor()
    await shot(dashboard, '14-run-sleeping')
    await dashboard.locator('.badge[data-status="completed"]').waitFor()
    await dashboard.locator('[data-step="write"]').waitFor()
    await dashboard.locator('[data-step="fetch"]').getByRole('button', { name: /fetch/ }).click()
    const attempts = dashboard.getByRole('list', { name: 'Attempts of fetch' })
    await attempts.locator('[data-attempt="1"][data-outcome="failed"] .attempt-error').getByText('Upstream answered 503 (attempt 1)').waitFor()
    await attempts.locator('[data-attempt="2"][data-outcome="completed"]').getByText('"records": 42').waitFor()
    await shot(dashboard, '15-run-attempts')
  })

  await check('reruns a finished run from a step with edited input (checked as JSON first) and opens the new run', async () => {
    const source = dashboard.url()
    const fetchStep = dashboard.locator('[data-step="fetch"]')
    await fetchStep.getByLabel('With edited input').check()
    const input = fetchStep.getByLabel('Input (JSON)')
    await input.fill('{ "failTimes": 0, ')
    await fetchStep.getByText(/^Not valid JSON/).waitFor()
    if (await fetchStep.getByRole('button', { name: 'Rerun from here' }).isEnabled()) throw new Error('rerun enabled for bad JSON')
    await input.fill('{ "failTimes": "none" }')
    await fetchStep.getByRole('button', { name: 'Rerun from here' }).click()
    await fetchStep.getByRole('alert').getByText(/failTimes/).first().waitFor()
    await shot(dashboard, '17-rerun-issues')
    await input.fill('{ "failTimes": 0, "sleepMs": 0 }')
    await fetchStep.getByRole('button', { name: 'Rerun from here' }).click()
    await dashboard.waitForURL((next) => next.href !== source && next.pathname.startsWith('/runs/'))
    await dashboard.locator('.badge[data-status="completed"]').waitFor()
    await dashboard.getByLabel('Output').getByText('"attempts": 1').waitFor()
  })

  await check('filters the list by waiting, counts down to the wake time and cancels a waiting run', async () => {
    const sleeper = await trigger(dashboard, 'flaky-sync', { failTimes: 0, sleepMs: 120_000 }, { e2e: 'waiting' })
    await open(dashboard, `${url}/runs`)
    await dashboard.getByLabel('Status').selectOption('waiting')
    await waitForStatus(dashboard, sleeper, 'waiting')
    await row(dashboard, sleeper).getByText(/^Sleeping \(cool-down\) · wakes in 1:5\d$/).waitFor()
    const statuses = await dashboard.locator('tr[data-run-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))
    if (statuses.some((status) => status !== 'waiting')) throw new Error(`the waiting filter shows ${statuses.join(', ')}`)
    await shot(dashboard, '16-dashboard-waiting')
    await row(dashboard, sleeper).getByRole('button', { name: /^Cancel / }).click()
    await row(dashboard, sleeper).waitFor({ state: 'detached' })
    await dashboard.getByLabel('Status').selectOption('')
    await waitForStatus(dashboard, sleeper, 'cancelled')
  })

  await waitsChecks({ check, url, page: dashboard, trigger, open, row, shot })

  await check('a run page survives a server crash: the stream resumes and the run finishes, no reload', async () => {
    const durable = await trigger(dashboard, 'slow-steps', { steps: 6, delayMs: 600 }, { e2e: 'crash' })
    await open(dashboard, `${url}/runs/${durable}`)
    await dashboard.locator('[data-step="step-2"]').waitFor()
    await restart()
    await dashboard.getByRole('heading', { name: 'slow-steps' }).waitFor()
    await dashboard.locator('.badge[data-status="completed"]').waitFor({ timeout: 60_000 })
    for (let i = 1; i <= 6; i++) await dashboard.locator(`[data-step="step-${i}"]`).waitFor()
    await dashboard.getByText('Step 6 done').waitFor()
    await shot(dashboard, '12-run-detail-after-crash')
  })

  await schedulesChecks({ check, url, page: dashboard, open, shot })

  await familyEventsChecks({ check, url, page: dashboard, trigger, open, row, shot })

  await check('an unknown run id shows "Run not found"', async () => {
    await open(dashboard, `${url}/runs/no-such-run`)
    await dashboard.getByRole('heading', { name: 'Run not found' }).waitFor()
  })

  await check('narrow screens keep the dashboard usable', async () => {
    await dashboard.setViewportSize({ width: 390, height: 800 })
    await open(dashboard, `${url}/runs`)
    await dashboard.locator('tr[data-run-id]').first().waitFor()
    await shot(dashboard, '10-dashboard-narrow')
    const overflow = await dashboard.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    if (overflow > 0) throw new Error(`the page scrolls sideways by ${overflow}px`)
  })

  await check('dark colour scheme renders the run page', async () => {
    await dashboard.setViewportSize({ width: 1280, height: 860 })
    await dashboard.emulateMedia({ colorScheme: 'dark' })
    await row(dashboard, importRunId).getByRole('link').click()
    await dashboard.locator('[data-step="import"]').waitFor()
    await shot(dashboard, '11-run-detail-dark')
  })
}

try {
  await main()
} catch (error) {
  failed++
  console.log(`FAIL setup\n     ${error?.stack ?? error}`)
}
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
