// Workers-runtime tests: real D1 (migrations applied per test file) and real Durable Objects.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

export default defineConfig(async () => {
  // wrangler.toml serves client/dist; the tests do not need a built client, only the folder.
  mkdirSync(path.join(import.meta.dirname, 'client/dist'), { recursive: true })
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'))
  return {
    plugins: [
      cloudflareTest({
        main: './worker/index.ts',
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations, STEPFLARE_API_TOKEN: 'test-token' },
          assets: undefined,
        },
      }),
    ],
    test: {
      include: ['worker/**/*.test.ts'],
      setupFiles: ['./test/apply-migrations.ts'],
      testTimeout: 20_000,
      hookTimeout: 20_000,
    },
  }
})
