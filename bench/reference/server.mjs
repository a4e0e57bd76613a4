// A Node HTTP server running @coji/durably with the bench jobs, its handler mounted at /api/durably.
// Usage: node server.mjs --port=8810 --db=/tmp/x/db.sqlite [--polling=1000] [--concurrency=1]
import http from 'node:http'
import { createDurably, createDurablyHandler } from '@coji/durably'
import { benchFanoutJob, benchNoopJob } from './jobs.mjs'
import { openSqliteDialect } from './sqlite-dialect.mjs'

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')),
)
const port = Number(args.port)
const options = {}
if (args.polling) options.pollingIntervalMs = Number(args.polling)
if (args.concurrency) options.maxConcurrentRuns = Number(args.concurrency)

const { dialect, driver } = await openSqliteDialect(args.db)
const durably = createDurably({ dialect, jobs: { benchNoop: benchNoopJob, benchFanout: benchFanoutJob }, ...options })
const handler = createDurablyHandler(durably)
await durably.init()

const server = http.createServer((req, res) => {
  serve(req, res).catch((error) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: String(error?.message ?? error) }))
  })
})
server.keepAliveTimeout = 60_000
server.maxConnections = 5_000
server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ ready: true, port, driver, options }))
})

async function serve(req, res) {
  const request = await toRequest(req)
  const response = await handler.handle(request, '/api/durably')
  res.writeHead(response.status, Object.fromEntries(response.headers))
  if (!response.body) return res.end()
  res.flushHeaders()
  const reader = response.body.getReader()
  res.on('close', () => reader.cancel().catch(() => {}))
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    res.write(value)
  }
  res.end()
}

async function toRequest(req) {
  const url = `http://127.0.0.1:${port}${req.url}`
  const init = { method: req.method, headers: req.headers }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    init.body = Buffer.concat(chunks)
  }
  return new Request(url, init)
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    server.close()
    await durably.stop?.().catch(() => {})
    process.exit(0)
  })
}
