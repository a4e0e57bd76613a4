// Starts the app the way `npm start` does (build, migrations, wrangler dev) on a private port and state folder.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const quietEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  NO_UPDATE_NOTIFIER: '1',
}

/**
 * Runs `node scripts/start.mjs` (what `npm start` runs) detached in its own process group, with its own
 * --persist-to folder (migrated first) and extra `--var`s; resolves once the API answers.
 */
export async function startApp({ port, inspectorPort, vars = {}, timeoutMs = 120_000 }) {
  const persistTo = mkdtempSync(path.join(tmpdir(), 'client-helper-e2e-'))
  const migrate = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo],
    { cwd: root, env: quietEnv, encoding: 'utf8' },
  )
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`)
  const args = ['scripts/start.mjs', '--ip', '127.0.0.1', '--inspector-port', String(inspectorPort), '--persist-to', persistTo]
  for (const [key, value] of Object.entries(vars)) args.push('--var', `${key}:${value}`)
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...quietEnv, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${port}`
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM')
    } catch {}
  }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`)
    try {
      const response = await fetch(`${url}/api/durably/session`)
      await response.body?.cancel()
      return { url, stop, output: () => output, persistTo }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  stop()
  throw new Error(`the app did not answer within ${timeoutMs} ms:\n${output}`)
}
