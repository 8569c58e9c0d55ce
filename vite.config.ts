import { fileURLToPath } from 'node:url'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { serviceWorkerPlugin } from './src/pwa/vitePlugin.ts'

export default defineConfig({
  plugins: [
    vue(),
    // /sw.js for the installable app: the built shell precached (issue 14).
    serviceWorkerPlugin(),
    // Locale JSON precompiled to message functions, and vue-i18n aliased to its runtime-only build:
    // the first chunk carries no message compiler. Unit tests read the JSON as data (the locale
    // tests walk its keys) and compile with the full build, so the plugin is off under Vitest.
    ...(process.env.VITEST
      ? []
      : [VueI18nPlugin({
          include: [fileURLToPath(new URL('./src/i18n/locales/**', import.meta.url))],
          runtimeOnly: true,
          compositionOnly: true,
          fullInstall: false,
          // Messages use vue-i18n's syntax only, no HTML: keep it that way.
          strictMessage: true,
        })]),
  ],
  resolve: {
    alias: { '~': new URL('./src', import.meta.url).pathname },
  },
  build: {
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
  },
})
