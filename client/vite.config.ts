// Production build of the client: static files in client/dist (served by the Worker's [assets]), gzip size printed.
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const BUDGET_KB = 90

/**
 * Prints the gzip size of the JavaScript the first page loads (the entry chunk and the chunks it imports statically,
 * which index.html preloads) against the budget, and of all emitted JavaScript (with the chunks loaded on demand:
 * the Schedules page, the rerun and signal forms).
 */
function bundleSize(): Plugin {
  return {
    name: 'stepflare-bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((chunk) => chunk.type === 'chunk')
      const gzipOf = new Map(chunks.map((chunk) => [chunk.fileName, gzipSync(chunk.code, { level: 9 }).length]))
      const first = new Set<string>()
      const visit = (fileName: string) => {
        if (first.has(fileName)) return
        first.add(fileName)
        for (const imported of chunks.find((chunk) => chunk.fileName === fileName)?.imports ?? []) visit(imported)
      }
      for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName)
      const sum = (names: Iterable<string>) => [...names].reduce((total, name) => total + (gzipOf.get(name) ?? 0), 0)
      const kb = (n: number) => (n / 1024).toFixed(1)
      const firstGzip = sum(first)
      const total = sum(gzipOf.keys())
      const raw = chunks.reduce((n, chunk) => n + Buffer.byteLength(chunk.code), 0)
      const verdict = firstGzip / 1024 <= BUDGET_KB ? 'within' : 'OVER'
      console.log(
        `\nJS first page: ${kb(firstGzip)} KiB gzip in ${first.size} chunk(s) (${verdict} the ${BUDGET_KB} KiB budget)` +
          `\nJS total: ${kb(raw)} KiB raw, ${kb(total)} KiB gzip in ${chunks.length} chunks (the rest loads on demand)`,
      )
    },
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), bundleSize()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
})
