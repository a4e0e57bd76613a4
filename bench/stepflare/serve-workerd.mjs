// Serves the prebuilt bench Worker bundle straight from workerd (Miniflare API), without wrangler dev's proxy.
// Usage: node serve-workerd.mjs --script=DIR/worker.js --config=wrangler.toml --migrations=DIR --port=8818 --persist=DIR
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Miniflare } from 'miniflare'

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')))
const toml = readFileSync(args.config, 'utf8')

/** The `name = class_name` pairs of every [[durable_objects.bindings]] table. */
function durableObjects(text) {
  const objects = {}
  for (const block of text.split('[[durable_objects.bindings]]').slice(1)) {
    const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(block)?.[1]
    const className = /^\s*class_name\s*=\s*"([^"]+)"/m.exec(block)?.[1]
    if (name && className) objects[name] = { className, useSQLite: true }
  }
  return objects
}

const setting = (key) => new RegExp(`^${key}\\s*=\\s*"([^"]+)"`, 'm').exec(toml)?.[1]
const mf = new Miniflare({
  scriptPath: args.script,
  modules: true,
  modulesRoot: dirname(args.script),
  compatibilityDate: setting('compatibility_date'),
  compatibilityFlags: ['nodejs_compat'],
  d1Databases: { DB: 'bench' },
  durableObjects: durableObjects(toml),
  bindings: { STEPFLARE_OPEN_ACCESS: 'true' },
  host: '127.0.0.1',
  port: Number(args.port),
  d1Persist: join(args.persist, 'd1'),
  durableObjectsPersist: join(args.persist, 'do'),
})
await mf.ready
await applyMigrations(await mf.getD1Database('DB'), args.migrations)
console.log(JSON.stringify({ ready: true, port: Number(args.port) }))

/** Runs every statement of every numbered .sql file, in order. */
async function applyMigrations(db, dir) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.sql')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8').replace(/^\s*--.*$/gm, '')
    for (const statement of text.split(/;\s*(?:\n|$)/).map((part) => part.trim()).filter(Boolean)) {
      await db.prepare(statement).run()
    }
  }
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    mf.dispose().finally(() => process.exit(0))
  })
}
