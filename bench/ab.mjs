// `npm run bench:ab -- <commitA> <commitB> [--rounds=3]`: the hot-path figures of two commits on bare workerd, alternated.
// Single runs under load swing by a third; alternating A and B in rounds on one machine shows what moved and what is noise.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBenchDeps } from './lib/deps.mjs'

const benchDir = dirname(fileURLToPath(import.meta.url))
const rootDir = join(benchDir, '..')
const args = process.argv.slice(2)
const commits = args.filter((arg) => !arg.startsWith('--'))
const rounds = Number(args.find((arg) => arg.startsWith('--rounds='))?.slice('--rounds='.length) ?? 3)
if (commits.length !== 2 || !(rounds >= 1)) {
  console.error('usage: npm run bench:ab -- <commitA> <commitB> [--rounds=3]')
  process.exit(2)
}

ensureBenchDeps(benchDir)
const { killAllGroupsNow, waitForQuiet } = await import('./lib/process-group.mjs')
const { createDurablyClient, closeAgent } = await import('./lib/durably-client.mjs')
const { measureLatency } = await import('./lib/measures/latency.mjs')
const { measureStepsPerSecond } = await import('./lib/measures/steps.mjs')
const { measureBurst } = await import('./lib/measures/burst.mjs')
const { percentile, round } = await import('./lib/stats.mjs')

const tmpRoot = mkdtempSync('/tmp/bench-ab-')
process.on('exit', () => {
  killAllGroupsNow()
  for (const tree of trees) execFileSync('git', ['worktree', 'remove', '--force', tree.dir], { cwd: rootDir, stdio: 'ignore' })
  rmSync(tmpRoot, { recursive: true, force: true })
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130))

/** Each commit checked out beside the project, sharing its installed packages, serving with its own bench code. */
const trees = commits.map((commit, i) => {
  const dir = join(tmpRoot, `tree-${i}`)
  execFileSync('git', ['worktree', 'add', '--detach', dir, commit], { cwd: rootDir, stdio: 'ignore' })
  const sameLock = readFileSync(join(dir, 'package-lock.json'), 'utf8') === readFileSync(join(rootDir, 'package-lock.json'), 'utf8')
  if (sameLock) symlinkSync(join(rootDir, 'node_modules'), join(dir, 'node_modules'))
  else execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' })
  if (existsSync(join(benchDir, 'node_modules'))) symlinkSync(join(benchDir, 'node_modules'), join(dir, 'bench/node_modules'))
  // The Worker's config serves the built client; the figures here need none of it, only the folder.
  mkdirSync(join(dir, 'client/dist'), { recursive: true })
  return { commit, dir, samples: {} }
})

const MEASURES = {
  latencyP50Ms: async (client) => (await measureLatency(client, { runs: 40, budgetMs: 60_000, gaps: false })).p50Ms,
  steps1000PerS: async (client) => (await measureStepsPerSecond(client, { steps: 1_000, timeoutMs: 120_000 })).stepsPerSecond,
  steps5000PerS: async (client) => (await measureStepsPerSecond(client, { steps: 5_000, timeoutMs: 300_000 })).stepsPerSecond,
  burstRunsPerS: async (client) => (await measureBurst(client, { runs: 300, inFlight: 50, timeoutMs: 120_000 })).runsPerSecond,
}

for (let round_ = 1; round_ <= rounds; round_++) {
  for (const tree of round_ % 2 ? trees : [...trees].reverse()) {
    const { startStepflareWorkerd } = await import(join(tree.dir, 'bench/lib/servers.mjs'))
    const runTmp = mkdtempSync(join(tmpRoot, 'run-'))
    const server = await startStepflareWorkerd({ benchDir: join(tree.dir, 'bench'), rootDir: tree.dir, tmpRoot: runTmp, port: 8830 })
    try {
      const client = createDurablyClient(server.origin)
      await measureLatency(client, { runs: 3, budgetMs: 30_000, gaps: false })
      for (const [name, measure] of Object.entries(MEASURES)) {
        await waitForQuiet(server.pid, { maxPercent: 5 })
        const value = await measure(client)
        ;(tree.samples[name] ??= []).push(value)
        console.log(`round ${round_} ${tree.commit} ${name}: ${value}`)
      }
    } finally {
      await server.stop()
    }
  }
}
await closeAgent()

console.log(`\nmedians over ${rounds} alternated rounds (bare workerd)`)
console.log(['figure', ...commits, 'B/A'].join('\t'))
for (const name of Object.keys(MEASURES)) {
  const [a, b] = trees.map((tree) => percentile(tree.samples[name] ?? [], 50))
  console.log([name, round(a), round(b), round(b / a, 2)].join('\t'))
}
process.exit(0)
