// `npm run bench`: starts @coji/durably (default and best settings) and Stepflare on localhost, measures both, reports.
// Flags: --only=stepflare (wrangler dev and bare workerd) | --only=reference, --quick (smaller counts).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBenchDeps } from './lib/deps.mjs'

const benchDir = dirname(fileURLToPath(import.meta.url))
const rootDir = join(benchDir, '..')
const flags = new Set(process.argv.slice(2))
const only = [...flags].find((flag) => flag.startsWith('--only='))?.slice('--only='.length)
const quick = flags.has('--quick')

const PORTS = { referenceDefault: 8810, stepflare: 8811, referenceBest: 8812, tuneBase: 8815, stepflareWorkerd: 8818, floorNode: 8820, floorWorkerd: 8821, floorWrangler: 8822, inspector: 9311, floorInspector: 9312 }
const TUNE_CONCURRENCY = [8, 16, 32]
const log = (line) => console.log(line)

ensureBenchDeps(benchDir)
const { killAllGroupsNow } = await import('./lib/process-group.mjs')
const { startFloor, startReference, startStepflare, startStepflareWorkerd } = await import('./lib/servers.mjs')
const { benchSizes, runFloor, runSuite, runTuningBurst } = await import('./lib/suite.mjs')
const { buildRows, formatTable, writeResults } = await import('./lib/report.mjs')
const { closeAgent } = await import('./lib/durably-client.mjs')

const tmpRoot = mkdtempSync('/tmp/bench-helper-run-')
const onSignal = (signal) => {
  killAllGroupsNow()
  console.error(`\n${signal}: stopped every started server`)
  process.exit(130)
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)
process.on('exit', killAllGroupsNow)

const sizes = benchSizes(quick)
const machine = { cpus: cpus().length, node: process.version, loadAverageAtStart: loadavg(), commit: currentCommit() }
const results = { startedAt: new Date().toISOString(), quick, only: only ?? 'all', machine, sizes, suites: {}, errors: {} }

try {
  if (only !== 'stepflare') await benchReference()
  if (only !== 'reference') await benchStepflare()
  if (only !== 'reference') await benchFloors()
} finally {
  await closeAgent()
  killAllGroupsNow()
  rmSync(tmpRoot, { recursive: true, force: true })
}
results.finishedAt = new Date().toISOString()
results.machine.loadAverageAtEnd = loadavg()
const rows = buildRows(results)
console.log(`\n${formatTable(rows, results)}`)
console.log(`\nresults written to ${writeResults(benchDir, results, rows)}`)
process.exit(0)

async function benchReference() {
  const concurrency = await tuneConcurrency()
  results.referenceBest = { pollingIntervalMs: 10, maxConcurrentRuns: concurrency }
  await withServer('reference-default', () =>
    startReference({ benchDir, tmpRoot, port: PORTS.referenceDefault, label: 'default' }),
  )
  await withServer('reference-best', () =>
    startReference({ benchDir, tmpRoot, port: PORTS.referenceBest, label: 'best', polling: 10, concurrency }),
  )
}

/** Tries each maxConcurrentRuns with a short burst and keeps the one with the most runs/s. */
async function tuneConcurrency() {
  const tried = {}
  for (const [i, concurrency] of TUNE_CONCURRENCY.entries()) {
    const port = PORTS.tuneBase + i
    let server
    try {
      server = await startReference({ benchDir, tmpRoot, port, label: `tune-${concurrency}`, polling: 10, concurrency })
      const burst = await runTuningBurst(server, sizes)
      tried[concurrency] = burst.runsPerSecond
      log(`tuning maxConcurrentRuns=${concurrency}: ${burst.runsPerSecond} runs/s`)
    } catch (error) {
      results.errors[`tune-${concurrency}`] = String(error?.message ?? error)
    } finally {
      await server?.stop()
    }
  }
  results.referenceTuning = tried
  const best = Object.entries(tried).sort((a, b) => b[1] - a[1])[0]
  return best ? Number(best[0]) : TUNE_CONCURRENCY[0]
}

async function benchStepflare() {
  await withServer('stepflare', () =>
    startStepflare({ rootDir, tmpRoot, port: PORTS.stepflare, inspectorPort: PORTS.inspector }),
  )
  await withServer('stepflare-workerd', () => startStepflareWorkerd({ benchDir, rootDir, tmpRoot, port: PORTS.stepflareWorkerd }))
}

/** Latency and fan-out against servers with no engine: the floor the runtimes, their plumbing and the client set. */
async function benchFloors() {
  results.floors = {}
  const floors = [['node', PORTS.floorNode], ['workerd', PORTS.floorWorkerd], ['wrangler', PORTS.floorWrangler]]
  for (const [runtime, port] of floors) {
    let server
    try {
      log(`starting floor-${runtime}…`)
      server = await startFloor({ benchDir, rootDir, tmpRoot, port, inspectorPort: PORTS.floorInspector, runtime })
      results.floors[server.label] = await runFloor(server, sizes, { log })
    } catch (error) {
      results.errors[`floor-${runtime}`] = String(error?.message ?? error)
    } finally {
      await server?.stop()
    }
  }
}

async function withServer(name, start) {
  let server
  try {
    log(`starting ${name}…`)
    server = await start()
    results.suites[name] = await runSuite(server, sizes, { rootDir, log })
    if (name.startsWith('reference')) results.referenceDriver ??= await readDriver(server.logFile)
  } catch (error) {
    results.errors[name] = String(error?.message ?? error)
    log(`${name} FAILED: ${results.errors[name]}`)
  } finally {
    await server?.stop()
  }
}

function currentCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: rootDir, encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

async function readDriver(logFile) {
  const { readFileSync } = await import('node:fs')
  const ready = readFileSync(logFile, 'utf8').split('\n').find((line) => line.includes('"ready"'))
  return ready ? JSON.parse(ready).driver : null
}
