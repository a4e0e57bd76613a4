// Runs wrangler commands for scripts and tests: telemetry off, `wrangler dev` in its own process group, clean stop.
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const wranglerBin = path.join(root, 'node_modules/wrangler/bin/wrangler.js')

export const quietEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  NO_UPDATE_NOTIFIER: '1',
}

/** Runs a wrangler command to completion; throws with its output if it fails. */
export function wrangler(args, { stdio = 'pipe' } = {}) {
  const result = spawnSync(process.execPath, [wranglerBin, ...args], { cwd: root, env: quietEnv, stdio, encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(' ')} failed (${result.status}):\n${result.stdout ?? ''}${result.stderr ?? ''}`)
  }
  return result.stdout ?? ''
}

/** Applies the D1 migrations to the local database (in `persistTo`, or wrangler's default folder); `config`: another wrangler config. */
export function migrateLocal(persistTo, config) {
  return wrangler(['d1', 'migrations', 'apply', 'DB', '--local', ...(config ? ['-c', config] : []), ...(persistTo ? ['--persist-to', persistTo] : [])])
}

/**
 * Starts `wrangler dev` detached in its own process group and waits until it answers.
 * Returns `{ url, child, stop(signal) }`; `stop` kills the whole group (wrangler and workerd).
 */
export async function startDev({ port, inspectorPort, persistTo, vars = {}, inherit = false, timeoutMs = 60_000, extraArgs = [] }) {
  const args = [wranglerBin, 'dev', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(inspectorPort ?? port + 1000), ...extraArgs]
  if (persistTo) args.push('--persist-to', persistTo)
  for (const [key, value] of Object.entries(vars)) args.push('--var', `${key}:${value}`)
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: quietEnv,
    detached: true,
    stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const stop = (signal = 'SIGTERM') => {
    try {
      process.kill(-child.pid, signal)
    } catch {}
  }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`)
    try {
      const response = await fetch(`${url}/api/durably/session`)
      await response.body?.cancel()
      return { url, child, stop, output: () => output }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  stop('SIGKILL')
  throw new Error(`wrangler dev did not answer within ${timeoutMs} ms:\n${output}`)
}

/** Waits for a child process to exit (bounded). */
export function waitForExit(child, timeoutMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}
