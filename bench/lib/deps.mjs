// Makes sure bench/'s own dependencies are installed and better-sqlite3's native module is built (from source).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Installs bench/node_modules when missing; builds better-sqlite3 from its bundled source when it cannot load. */
export function ensureBenchDeps(benchDir) {
  if (!existsSync(join(benchDir, 'node_modules'))) {
    console.log('installing bench dependencies (npm ci)…')
    execFileSync('npm', ['ci', '--prefix', benchDir, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'], {
      stdio: 'inherit',
      timeout: 300_000,
    })
  }
  if (canLoadBetterSqlite(benchDir)) return
  console.log('building better-sqlite3 from source (about 2 minutes, once)…')
  const nodeDir = join(dirname(process.execPath), '..')
  const args = [nodeGypPath(), 'rebuild', '--release', '-j', '2']
  if (existsSync(join(nodeDir, 'include/node/node.h'))) args.push(`--nodedir=${nodeDir}`)
  const result = spawnSync(process.execPath, args, {
    cwd: join(benchDir, 'node_modules/better-sqlite3'),
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 600_000,
  })
  if (result.status !== 0 || !canLoadBetterSqlite(benchDir)) {
    console.log('better-sqlite3 did not build; the @coji/durably server falls back to libsql')
  }
}

function canLoadBetterSqlite(benchDir) {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: benchDir,
    stdio: 'ignore',
  })
  return probe.status === 0
}

/** node-gyp as shipped inside npm, so nothing is downloaded but the Node headers already on the machine. */
function nodeGypPath() {
  const candidates = [
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  ]
  const found = candidates.find((path) => existsSync(path))
  if (!found) throw new Error('node-gyp (bundled with npm) not found')
  return found
}
