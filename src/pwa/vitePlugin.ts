// Writes sw.js into production builds with every built file to precache (see serviceWorkerSource).
import type { Plugin } from 'vite'
import { createHash } from 'node:crypto'
import { serviceWorkerSource } from './serviceWorkerSource.ts'

// The planner's solver (3.5 MB) is fetched and cached only by those who open the plan page.
const NOT_PRECACHED = /\.(?:wasm|map)$/
const PUBLIC_FILES = ['/favicon.svg', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/icon-maskable-512.png']

/** The Vite plugin that emits /sw.js at build time (nothing in dev). */
export function serviceWorkerPlugin(): Plugin {
  // From the resolved config, so a project URL set in .env.local counts as well as one in the environment.
  let supabaseUrl: string | null = null
  return {
    name: 'pingan-service-worker',
    apply: 'build',
    configResolved(config) {
      supabaseUrl = (config.env.VITE_SUPABASE_URL as string | undefined) || null
    },
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter(f => !NOT_PRECACHED.test(f) && f !== 'index.html').sort()
      const precache = [...PUBLIC_FILES, ...files.map(f => `/${f}`)]
      // Built names carry their content hash, so this changes whenever any built file does.
      const version = createHash('sha256').update(`${supabaseUrl}\n${precache.join('\n')}`).digest('hex').slice(0, 12)
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource({ version, precache, supabaseUrl }) })
    },
  }
}
