// Measures the run page of a 1,000-step run in real Chromium: time to show the finished run and its steps, long tasks.
// Usage: npm run build && node scripts/measure-run-page.mjs [--steps 1000] [--delay 5] [--port 8860]
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { startApp, waitUntilDown } from '../test/e2e/server.mjs'

const { values } = parseArgs({
  options: { steps: { type: 'string', default: '1000' }, delay: { type: 'string', default: '5' }, port: { type: 'string', default: '8860' } },
})
const steps = Number(values.steps)
const delayMs = Number(values.delay)
const port = Number(values.port)
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run']

/** Records every main-thread task longer than 50 ms from the first script on. */
function watchLongTasks() {
  window.__longTasks = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: Math.round(entry.startTime), ms: Math.round(entry.duration) })
  }).observe({ type: 'longtask', buffered: true })
}

/** Opens the run page and waits until it shows the run completed with every step; returns what it took. */
async function openRunPage(browser, url, runId) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.addInitScript(watchLongTasks)
  const requests = []
  page.on('request', (request) => requests.push(new URL(request.url()).pathname))
  const started = Date.now()
  await page.goto(`${url}/runs/${runId}`)
  await page.waitForFunction(
    (count) =>
      document.querySelector('[data-status="completed"]') !== null &&
      (document.querySelector(`.timeline[data-steps="${count}"]`) !== null || document.querySelectorAll('.timeline-step').length === count),
    steps,
    { timeout: 120_000, polling: 50 },
  )
  const shownMs = Date.now() - started
  await page.waitForTimeout(300)
  const longTasks = await page.evaluate(() => window.__longTasks)
  const rows = await page.locator('.timeline-step').count()
  await page.close()
  const longest = longTasks.reduce((max, task) => Math.max(max, task.ms), 0)
  const stepRequests = requests.filter((path) => path.endsWith('/steps')).length
  return { shownMs, longestTaskMs: longest, longTasks: longTasks.length, longTaskMs: longTasks.reduce((sum, t) => sum + t.ms, 0), rows, stepRequests }
}

async function triggerRun(url) {
  const response = await fetch(`${url}/api/durably/trigger`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jobName: 'slow-steps', input: { steps, delayMs } }),
  })
  if (!response.ok) throw new Error(`trigger: ${response.status} ${await response.text()}`)
  return (await response.json()).runId
}

const app = await startApp({ port, inspectorPort: port + 1, vars: { STEPFLARE_OPEN_ACCESS: 'true' }, skipBuild: true })
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS })
try {
  // While it runs: the page opens as the run starts and follows all its steps live.
  const live = await openRunPage(browser, app.url, await triggerRun(app.url))
  console.log(JSON.stringify({ case: `live ${steps} steps of ${delayMs} ms`, ...live }))
  // Finished: the page of a run that has ended opens from its snapshot.
  const finishedRun = await triggerRun(app.url)
  await openRunPage(browser, app.url, finishedRun)
  for (let i = 0; i < 3; i++) console.log(JSON.stringify({ case: `finished ${steps} steps`, ...(await openRunPage(browser, app.url, finishedRun)) }))
} finally {
  await browser.close()
  app.stop()
  await waitUntilDown(app.url).catch(() => {})
}
