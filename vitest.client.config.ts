// Client unit tests: run in Node (hook tests opt into happy-dom per file), separate from the Workers-runtime tests.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['client/**/*.test.ts', 'client/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 10_000,
  },
})
