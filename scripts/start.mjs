// `npm start`: builds the client, applies local D1 migrations, and serves UI + API with `wrangler dev` on $PORT (8787).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
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

const wranglerBin = path.join(root, 'node_modules/wrangler/bin/wrangler.js')
const child = spawn(process.execPath, [wranglerBin, 'dev', '--port', String(port), ...extraArgs], {
  cwd: root,
  env: quietEnv,
  stdio: 'inherit',
  detached: true,
})
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {}
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
child.on('exit', (code) => process.exit(code ?? 0))
