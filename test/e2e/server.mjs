// Starts the app the way `npm start` does (build, migrations, wrangler dev) on a private port and state folder.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { quietEnv, root } from '../../scripts/lib/wrangler.mjs'

/**
 * Runs `node scripts/start.mjs` (what `npm start` runs) detached in its own process group, with its own
 * --persist-to folder (start.mjs migrates it; pass `persistTo` to restart on the same state) and extra `--var`s;
 * resolves once the API answers.
 */
export async function startApp({ port, inspectorPort, vars = {}, persistTo: reuse, skipBuild = false, timeoutMs = 120_000 }) {
  const persistTo = reuse ?? mkdtempSync(path.join(tmpdir(), 'stepflare-e2e-'))
  const args = ['scripts/start.mjs', '--ip', '127.0.0.1', '--inspector-port', String(inspectorPort), '--persist-to', persistTo]
  for (const [key, value] of Object.entries(vars)) args.push('--var', `${key}:${value}`)
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...quietEnv, PORT: String(port), ...(skipBuild ? { STEPFLARE_SKIP_BUILD: '1' } : {}) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  // start.mjs runs wrangler in a process group of its own and forwards SIGTERM to it; SIGKILL cannot be forwarded,
  // so a crash kills wrangler's group (wrangler and workerd) directly, then start.mjs.
  const stop = (signal = 'SIGTERM') => {
    if (signal === 'SIGKILL') for (const pid of childPids(child.pid)) killGroup(pid, signal)
    killGroup(child.pid, signal)
  }
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`)
    try {
      const response = await fetch(`${url}/api/durably/session`)
      await response.body?.cancel()
      return { url, stop, exited, output: () => output, persistTo }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  stop()
  throw new Error(`the app did not answer within ${timeoutMs} ms:\n${output}`)
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {}
}

/** Direct children of a process, e.g. the wrangler that start.mjs spawned. */
function childPids(pid) {
  const found = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
  return (found.stdout ?? '').split(/\s+/).filter(Boolean).map(Number)
}

/** Resolves once nothing answers on `url` any more (bounded). */
export async function waitUntilDown(url, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/durably/session`, { signal: AbortSignal.timeout(1000) })
      await response.body?.cancel()
    } catch {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${url} still answers after ${timeoutMs} ms`)
}
