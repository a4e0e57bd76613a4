// Starts the servers under test on localhost: @coji/durably on Node (SQLite file), Stepflare (wrangler dev, workerd), floors.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { groupPids, killGroup, spawnGroup, waitForHttp } from './process-group.mjs'

const WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  NO_COLOR: '1',
}

/** The bench Worker's config (bench/stepflare/wrangler.toml): the app plus the bench jobs, same bindings. */
const benchConfig = (rootDir) => join(rootDir, 'bench/stepflare/wrangler.toml')
/** The script `wrangler deploy --dry-run` writes for the bench Worker's entry (bench/stepflare/worker.ts). */
const BUNDLE_SCRIPT = 'worker.js'

/** Starts @coji/durably's handler on `port` with a fresh SQLite file; `options` are createDurably settings. */
export async function startReference({ benchDir, tmpRoot, port, label, polling, concurrency }) {
  const dir = join(tmpRoot, `ref-${label}`)
  mkdirSync(dir, { recursive: true })
  const args = [join(benchDir, 'reference/server.mjs'), `--port=${port}`, `--db=${join(dir, 'durably.sqlite')}`]
  if (polling !== undefined) args.push(`--polling=${polling}`)
  if (concurrency !== undefined) args.push(`--concurrency=${concurrency}`)
  const child = spawnGroup(process.execPath, args, { cwd: benchDir, logFile: join(dir, 'server.log') })
  const origin = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${origin}/api/durably/runs?limit=1`, 20_000, child)
  } catch (error) {
    await killGroup(child.pid)
    throw error
  }
  return serverHandle(label, origin, child.pid, join(dir, 'server.log'))
}

/** Migrates a fresh local D1, bundles the bench Worker, and serves that bundle with `wrangler dev` (open access) on `port`. */
export async function startStepflare({ rootDir, tmpRoot, port, inspectorPort }) {
  const persist = join(tmpRoot, 'stepflare-state')
  mkdirSync(persist, { recursive: true })
  const wrangler = join(rootDir, 'node_modules/.bin/wrangler')
  const env = { ...process.env, ...WRANGLER_ENV }
  execFileSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '-c', benchConfig(rootDir), '--persist-to', persist], {
    cwd: rootDir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  })
  const bundleDir = buildBundle(rootDir, tmpRoot)
  const config = writeBundleConfig(rootDir, bundleDir)
  const args = ['dev', '-c', config, '--no-bundle', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort)]
  args.push('--persist-to', persist, '--var', 'STEPFLARE_OPEN_ACCESS:true', '--log-level', 'warn')
  if (!existsSync(join(rootDir, 'client/dist'))) {
    const emptyAssets = join(tmpRoot, 'empty-assets')
    mkdirSync(emptyAssets, { recursive: true })
    args.push('--assets', emptyAssets)
  }
  const logFile = join(tmpRoot, 'wrangler.log')
  const child = spawnGroup(wrangler, args, { cwd: rootDir, env: WRANGLER_ENV, logFile })
  const origin = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${origin}/api/durably/runs?limit=1`, 90_000, child)
  } catch (error) {
    await killGroup(child.pid)
    throw new Error(`${error.message} (see ${logFile})`)
  }
  return serverHandle('stepflare', origin, child.pid, logFile)
}

/** Bundles the bench Worker once, so an edit of a source file cannot reload the server mid-run. */
function buildBundle(rootDir, tmpRoot) {
  const bundleDir = join(tmpRoot, 'stepflare-bundle')
  if (existsSync(join(bundleDir, BUNDLE_SCRIPT))) return bundleDir
  execFileSync(join(rootDir, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '-c', benchConfig(rootDir), '--outdir', bundleDir], {
    cwd: rootDir,
    env: { ...process.env, ...WRANGLER_ENV },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  })
  if (!existsSync(join(bundleDir, BUNDLE_SCRIPT))) throw new Error(`wrangler deploy --dry-run wrote no ${BUNDLE_SCRIPT} in ${bundleDir}`)
  return bundleDir
}

/** The same bundle served by workerd through the Miniflare API: what Stepflare costs without wrangler dev's proxy. */
export async function startStepflareWorkerd({ benchDir, rootDir, tmpRoot, port }) {
  const bundleDir = buildBundle(rootDir, tmpRoot)
  const persist = join(tmpRoot, 'stepflare-workerd-state')
  mkdirSync(persist, { recursive: true })
  const args = [join(benchDir, 'stepflare/serve-workerd.mjs'), `--script=${join(bundleDir, BUNDLE_SCRIPT)}`, `--config=${benchConfig(rootDir)}`]
  args.push(`--migrations=${join(rootDir, 'migrations')}`, `--port=${port}`, `--persist=${persist}`)
  const logFile = join(tmpRoot, 'workerd.log')
  const child = spawnGroup(process.execPath, args, { cwd: benchDir, logFile })
  const origin = `http://127.0.0.1:${port}`
  try {
    // It listens before its migrations ran: wait for the line it prints once they have.
    await waitForLogLine(logFile, '"ready":true', 60_000, child)
  } catch (error) {
    await killGroup(child.pid)
    throw new Error(`${error.message} (see ${logFile})`)
  }
  return serverHandle('stepflare-workerd', origin, child.pid, logFile)
}

/**
 * A floor server (bench/floor), no engine behind it: `node` answers from memory; `workerd` and `wrangler` run a Worker
 * and 16 Durable Objects relaying run streams over RPC as Stepflare's shards do.
 */
export async function startFloor({ benchDir, rootDir, tmpRoot, port, inspectorPort, runtime }) {
  const logFile = join(tmpRoot, `floor-${runtime}.log`)
  const origin = `http://127.0.0.1:${port}`
  const child = runtime === 'wrangler' ? spawnFloorWrangler() : spawnFloorScript()
  try {
    if (runtime === 'wrangler') await waitForHttp(`${origin}/api/durably/runs`, 90_000, child)
    else await waitForLogLine(logFile, '"ready":true', 60_000, child)
  } catch (error) {
    await killGroup(child.pid)
    throw new Error(`${error.message} (see ${logFile})`)
  }
  return serverHandle(`floor-${runtime}`, origin, child.pid, logFile)

  function spawnFloorWrangler() {
    const args = ['dev', '-c', join(benchDir, 'floor/wrangler.toml'), '--ip', '127.0.0.1', '--port', String(port)]
    args.push('--inspector-port', String(inspectorPort), '--persist-to', join(tmpRoot, 'floor-state'), '--log-level', 'warn')
    return spawnGroup(join(rootDir, 'node_modules/.bin/wrangler'), args, { cwd: join(benchDir, 'floor'), env: WRANGLER_ENV, logFile })
  }

  function spawnFloorScript() {
    const script = join(benchDir, 'floor', runtime === 'node' ? 'floor-node.mjs' : 'serve-workerd.mjs')
    return spawnGroup(process.execPath, [script, `--port=${port}`], { cwd: benchDir, logFile })
  }
}

async function waitForLogLine(logFile, text, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`)
    if (existsSync(logFile) && readFileSync(logFile, 'utf8').includes(text)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no "${text}" in ${logFile} within ${timeoutMs} ms`)
}

/** A copy of the bench Worker's config whose `main` is the prebuilt bundle and whose relative paths still resolve. */
function writeBundleConfig(rootDir, bundleDir) {
  const config = benchConfig(rootDir)
  const text = readFileSync(config, 'utf8')
    .replace(/^main\s*=.*$/m, `main = ${JSON.stringify(join(bundleDir, BUNDLE_SCRIPT))}`)
    .replace(/^(\s*(?:directory|migrations_dir)\s*=\s*)"([^"]*)"/gm, (_, key, path) => `${key}${JSON.stringify(resolve(dirname(config), path))}`)
  const file = join(bundleDir, 'wrangler.toml')
  writeFileSync(file, text)
  return file
}

function serverHandle(label, origin, pid, logFile) {
  return {
    label,
    origin,
    pid,
    logFile,
    processCount: () => groupPids(pid).length,
    stop: () => killGroup(pid),
  }
}
