// Figure 5: idle CPU of a server's process group, and the client bundle's gzip size.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { groupCpuMs } from '../process-group.mjs'
import { round, sleep } from '../stats.mjs'

/** CPU the server's process group used while nothing was asked of it, as a percent of one core. */
export async function measureIdleCpu(server, { windowMs }) {
  const before = groupCpuMs(server.pid)
  const started = performance.now()
  await sleep(windowMs)
  const used = groupCpuMs(server.pid) - before
  const elapsed = performance.now() - started
  return { windowMs: round(elapsed, 0), cpuMs: used, cpuPercent: round((used / elapsed) * 100, 2), processes: server.processCount() }
}

/** Sum of gzip sizes of the built client's JS files, or null when the client is not built. */
export function measureBundleGzip(rootDir) {
  const assets = join(rootDir, 'client/dist/assets')
  if (!existsSync(assets)) return null
  const files = readdirSync(assets).filter((name) => name.endsWith('.js'))
  if (files.length === 0) return null
  const bytes = files.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0)
  return { files: files.length, gzipBytes: bytes }
}
