// Serves the floor Worker from workerd through the Miniflare API. Usage: node serve-workerd.mjs --port=8821
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'

const here = dirname(fileURLToPath(import.meta.url))
const port = Number(process.argv.find((arg) => arg.startsWith('--port='))?.slice('--port='.length) ?? 8821)
const mf = new Miniflare({
  modules: [
    { type: 'ESModule', path: join(here, 'floor-worker.mjs') },
    { type: 'ESModule', path: join(here, 'protocol.mjs') },
  ],
  modulesRoot: here,
  compatibilityDate: '2026-04-20',
  durableObjects: { FLOOR_SHARD: { className: 'FloorShard', useSQLite: true } },
  host: '127.0.0.1',
  port,
})
await mf.ready
console.log(JSON.stringify({ ready: true, port }))
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => mf.dispose().finally(() => process.exit(0)))
