import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Browser tests drive the built app (dist/) in Debian's Chromium through playwright-core.
export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('../../src', import.meta.url)) } },
  test: {
    include: ['tests/browser/**/*.spec.ts'],
    globalSetup: ['tests/browser/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The demo township is generated in a worker and WebGL runs on the CPU: give UI polls time.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    // One Chromium at a time: SwiftShader renders WebGL on the CPU and two would fight for 2 cores.
    fileParallelism: false,
  },
})
