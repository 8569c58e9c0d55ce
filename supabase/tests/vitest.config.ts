import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('../..', import.meta.url))

// Database tests: real PostgreSQL 15 + PostGIS started by the global setup (see harness/).
export default defineConfig({
  root,
  resolve: {
    alias: { '~': fileURLToPath(new URL('../../src', import.meta.url)) },
  },
  test: {
    include: ['supabase/tests/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['supabase/tests/harness/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
})
