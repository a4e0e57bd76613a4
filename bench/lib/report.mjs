// Prints the comparison table and writes the JSON results and the ratio chart.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FIGURES, ratioOf } from './figures.mjs'
import { renderRatioChart } from './ratio-chart.mjs'

const COLUMNS = ['reference-default', 'reference-best', 'stepflare', 'stepflare-workerd']

/** Builds one row per figure with each server's value and Stepflare's ratio against the best baseline. */
export function buildRows(results) {
  return FIGURES.map((figure) => {
    const values = Object.fromEntries(COLUMNS.map((name) => [name, pickValue(figure, results.suites[name])]))
    const ratio = ratioOf(figure, values.stepflare, values['reference-best'])
    const ratioWorkerd = ratioOf(figure, values['stepflare-workerd'], values['reference-best'])
    return { key: figure.key, label: figure.label, unit: figure.unit, better: figure.better, values, ratio, ratioWorkerd }
  })
}

function pickValue(figure, suite) {
  if (!suite) return null
  const value = figure.pick(suite)
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export function formatTable(rows, results) {
  const header = ['figure', ...COLUMNS, 'stepflare vs best', 'workerd vs best']
  const lines = rows.map((row) => [
    `${row.label} [${row.unit}]`,
    ...COLUMNS.map((name) => formatValue(row.values[name])),
    formatRatio(row.ratio),
    formatRatio(row.ratioWorkerd),
  ])
  const notes = [
    'ratios: × better than @coji/durably at its best settings (> 1 = Stepflare better). stepflare = wrangler dev;',
    'stepflare-workerd = the same bundle on workerd via the Miniflare API, without the wrangler dev proxy.',
    ...describeSizes(results),
  ]
  return [...tableLines(header, lines), '', ...formatFloors(results), ...notes].join('\n')
}

const FLOOR_COLUMNS = ['floor-node', 'floor-workerd', 'floor-wrangler']

/** The floor servers' figures (bench/floor: no engine, same client), for the figures they measure. */
function formatFloors(results) {
  const floors = results.floors ?? {}
  if (Object.keys(floors).length === 0) return []
  const rows = FIGURES.map((figure) => [figure, FLOOR_COLUMNS.map((name) => (floors[name] ? figure.pick(floors[name]) : undefined))])
    .filter(([, values]) => values.some((value) => typeof value === 'number'))
    .map(([figure, values]) => [`${figure.label} [${figure.unit}]`, ...values.map((value) => formatValue(value ?? null))])
  return [...tableLines(['floor, no engine (same client)', ...FLOOR_COLUMNS], rows), '']
}

/** A header, a rule and the rows, in columns (the first left-aligned, the others right-aligned). */
function tableLines(header, rows) {
  const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((row) => row[i].length)))
  const render = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)]
}

function formatValue(value) {
  if (value === null) return 'n/a'
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}

function formatRatio(ratio) {
  if (ratio === null) return 'n/a'
  if (!Number.isFinite(ratio)) return '∞'
  return `${ratio.toFixed(2)}×`
}

function describeSizes(results) {
  const s = results.sizes
  return [
    `sizes: latency ${s.latencyRuns} runs per mode (gaps 50–500 ms); steps ${s.stepsShort} and ${s.stepsLong}; ` +
      `burst ${s.burstRuns} × 3-step runs (${s.burstInFlight} triggers in flight); fan-out ${s.fanoutSubscribers} ` +
      `subscribers × ${s.fanoutEmits} progress events ${s.fanoutGapMs} ms apart; idle window ${s.idleWindowMs} ms; ` +
      `waits: ${s.signalRuns} signalled runs, one event to ${s.eventWaits} waits, ${s.eventKeyEvents} events to 1 of ${s.eventWaits} keys`,
    `baseline settings: default = createDurably defaults; best = ${JSON.stringify(results.referenceBest ?? null)}; ` +
      `SQLite driver: ${results.referenceDriver ?? 'n/a'}`,
    `commit ${results.machine.commit ?? 'n/a'}; machine: ${results.machine.cpus} cores, load average ${results.machine.loadAverageAtStart.map((x) => x.toFixed(1)).join('/')} ` +
      `at start, ${results.machine.loadAverageAtEnd?.map((x) => x.toFixed(1)).join('/') ?? 'n/a'} at end`,
    ...Object.entries(results.errors ?? {}).map(([where, message]) => `error in ${where}: ${message}`),
  ]
}

/** Writes bench/results/<date>.json and, for a full run of both servers, latest.json and ratios.svg. */
export function writeResults(benchDir, results, rows) {
  const dir = join(benchDir, 'results')
  mkdirSync(dir, { recursive: true })
  const json = `${JSON.stringify({ ...results, rows }, null, 2)}\n`
  const stamp = results.startedAt.replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z')
  const partial = results.quick || results.only !== 'all'
  // Quick or single-server runs are for iteration: they never replace the figures of the last full run.
  writeFileSync(join(dir, `${stamp}${partial ? '-partial' : ''}.json`), json)
  if (partial) return dir
  writeFileSync(join(dir, 'latest.json'), json)
  writeFileSync(join(dir, 'ratios.svg'), renderRatioChart(rows, results.startedAt))
  return dir
}
