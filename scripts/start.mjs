// `npm start`: builds the client, applies local D1 migrations, and serves UI + API with `wrangler dev` on $PORT (8787).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { descendants } from './lib/process-tree.mjs'
import { migrateLocal, quietEnv, root } from './lib/wrangler.mjs'

const port = Number(process.env.PORT ?? 8787)
const devVars = path.join(root, '.dev.vars')
if (!existsSync(devVars)) {
  // Local development is open without a token; production refuses requests until STEPFLARE_API_TOKEN is set.
  writeFileSync(devVars, '# Local settings for wrangler dev (not deployed).\nSTEPFLARE_OPEN_ACCESS=true\n')
  console.log('Wrote .dev.vars (STEPFLARE_OPEN_ACCESS=true for local use)')
}

if (process.env.STEPFLARE_SKIP_BUILD !== '1') {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: quietEnv })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
const extraArgs = process.argv.slice(2)
const persistAt = extraArgs.indexOf('--persist-to')
migrateLocal(persistAt >= 0 ? extraArgs[persistAt + 1] : undefined)
console.log('Local D1 migrated.')

// wrangler (and the workerd it starts) stay in this process group: whoever stops `npm start` by its group, even
// with SIGKILL, stops the server too. A SIGINT or SIGTERM sent to this process alone is passed on, and whatever
// is still running a few seconds later is killed.
const wranglerBin = path.join(root, 'node_modules/wrangler/bin/wrangler.js')
const child = spawn(process.execPath, [wranglerBin, 'dev', '--port', String(port), ...extraArgs], {
  cwd: root,
  env: quietEnv,
  stdio: 'inherit',
})
// What wrangler started, remembered while it runs: once wrangler has exited its children no longer point back to it.
let started = []
const remember = () => {
  started = [...new Set([...started, ...descendants(child.pid)])]
}
const rememberTimer = setInterval(remember, 2_000)
const killStarted = () => {
  for (const pid of [...started, child.pid]) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
}
let stopping = false
const stop = (signal) => {
  if (stopping) return
  stopping = true
  remember()
  try {
    child.kill(signal)
  } catch {}
  setTimeout(() => {
    killStarted()
    process.exit(1)
  }, 5_000).unref()
}
// npm passes a SIGTERM to its script's shell but not further: when the process that started this one goes away,
// this one is an orphan and stops too.
const parentPid = process.ppid
setInterval(() => {
  if (process.ppid !== parentPid) stop('SIGTERM')
}, 500).unref()
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGHUP', () => stop('SIGTERM'))
child.on('exit', (code, signal) => {
  // wrangler gone: make sure nothing it started outlives it.
  clearInterval(rememberTimer)
  killStarted()
  process.exit(code ?? (signal ? 1 : 0))
})
