import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// `npm run bench:wall-live`: the commit → wall benchmark on the Supabase build, with the same global
// setup as tests/browser-supabase/ (the build with the Supabase env, a throw-away migrated
// PostgreSQL, vite preview). Run through vitest only for that setup; it writes RESULTS.md beside it.
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  resolve: { alias: { '~': fileURLToPath(new URL('../../../src', import.meta.url)) } },
  test: {
    include: ['tests/bench/wall-live/wall-live.bench-run.ts'],
    environment: 'node',
    globalSetup: ['tests/browser-supabase/globalSetup.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
})
