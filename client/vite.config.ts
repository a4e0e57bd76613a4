// Production build of the client: static files in client/dist (served by the Worker's [assets]), gzip size printed.
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const BUDGET_KB = 90

/** Prints the gzip size of the emitted JavaScript and whether it fits the budget. */
function bundleSize(): Plugin {
  return {
    name: 'stepflare-bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      let raw = 0
      let gzip = 0
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue
        raw += Buffer.byteLength(chunk.code)
        gzip += gzipSync(chunk.code, { level: 9 }).length
      }
      const kb = (n: number) => (n / 1024).toFixed(1)
      const verdict = gzip / 1024 <= BUDGET_KB ? 'within' : 'OVER'
      console.log(`\nJS bundle: ${kb(raw)} KiB raw, ${kb(gzip)} KiB gzip (${verdict} the ${BUDGET_KB} KiB budget)`)
    },
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), bundleSize()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
})
