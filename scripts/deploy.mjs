// `npm run deploy`: creates the D1 database if needed, migrates it remotely, builds the client, deploys to workers.dev,
// and sets an API token secret the first time (printed once).
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { quietEnv, root, wrangler } from './lib/wrangler.mjs'

const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000'
const configPath = path.join(root, 'wrangler.toml')

function ensureDatabase() {
  const config = readFileSync(configPath, 'utf8')
  if (!config.includes(PLACEHOLDER_ID)) return
  const listed = JSON.parse(wrangler(['d1', 'list', '--json']))
  let id = listed.find((db) => db.name === 'stepflare')?.uuid
  if (!id) {
    const created = wrangler(['d1', 'create', 'stepflare'])
    id = created.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)?.[0]
    if (!id) throw new Error(`Could not read the new database id from:\n${created}`)
  }
  writeFileSync(configPath, config.replace(PLACEHOLDER_ID, id))
  console.log(`D1 database stepflare: ${id} (written to wrangler.toml)`)
}

function ensureToken() {
  const secrets = JSON.parse(wrangler(['secret', 'list', '--format', 'json']))
  if (secrets.some((secret) => secret.name === 'STEPFLARE_API_TOKEN')) return
  const token = randomBytes(24).toString('base64url')
  const put = spawnSync(process.execPath, [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'secret', 'put', 'STEPFLARE_API_TOKEN'], {
    cwd: root,
    env: quietEnv,
    input: token,
    encoding: 'utf8',
  })
  if (put.status !== 0) throw new Error(put.stderr)
  console.log(`\nAPI token (shown once; store it safely): ${token}\n`)
}

ensureDatabase()
wrangler(['d1', 'migrations', 'apply', 'DB', '--remote'], { stdio: 'inherit' })
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: quietEnv })
if (build.status !== 0) process.exit(build.status ?? 1)
wrangler(['deploy'], { stdio: 'inherit' })
ensureToken()
