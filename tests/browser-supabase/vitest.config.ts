import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The app's Supabase mode in Debian's Chromium: dist-supabase/ (built with the Supabase env set)
// talks to the real migrated and seeded database through the PostgREST/Auth shim, routed in by
// page.route, because PostgREST and Supabase Auth cannot run on these machines.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { alias: { '~': fileURLToPath(new URL('../../src', import.meta.url)) } },
  test: {
    include: ['tests/browser-supabase/**/*.spec.ts'],
    environment: 'node',
    globalSetup: ['tests/browser-supabase/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // WebGL runs on the CPU: give UI polls time.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    // One Chromium at a time: SwiftShader would fight another for the 2 cores.
    fileParallelism: false,
  },
})
