// Global setup of the Supabase-mode browser tests: builds the app with the Supabase env set into
// dist-supabase/ while the database harness of supabase/tests starts its throw-away PostgreSQL
// and migrates the template, then serves the build with `vite preview`.
import type { TestProject } from 'vitest/node'
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { preview } from 'vite'
import { TEST_ANON_KEY } from '~/data/supabase/__fixtures__/jwt'
import setupDatabase from '../../supabase/tests/harness/globalSetup'
import { SUPABASE_OUT_DIR, SUPABASE_TEST_URL } from './project'

const ROOT = resolve(import.meta.dirname, '..', '..')

/** Runs `vite build` in a child process with the Supabase env, so this process's env stays as it was. */
function buildApp(): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--outDir', SUPABASE_OUT_DIR, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: ROOT,
      // The anon key is a JWT with role anon, as a real project's is: the shim reads its role.
      // NODE_ENV: Vitest sets 'test', which would make this a development build (import.meta.env.PROD
      // false: no service worker); the app is tested as it ships, as dist/ is.
      env: { ...process.env, NODE_ENV: 'production', VITE_SUPABASE_URL: SUPABASE_TEST_URL, VITE_SUPABASE_ANON_KEY: TEST_ANON_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => output += d.toString())
    child.stderr.on('data', (d: Buffer) => output += d.toString())
    child.on('error', reject)
    child.on('close', code => code === 0 ? resolveBuild() : reject(new Error(`vite build (Supabase mode) failed with ${code}:\n${output}`)))
  })
}

/** Builds, starts the database and serves the build; provides `baseUrl` and the database harness's `pg`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now()
  const build = buildApp()
  // Keep a rejection from surfacing as unhandled while the database starts.
  build.catch(() => {})
  const stopDatabase = await setupDatabase(project)
  try {
    await build
  }
  catch (error) {
    stopDatabase()
    throw error
  }
  const server = await preview({ root: ROOT, build: { outDir: SUPABASE_OUT_DIR }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' })
  const url = server.resolvedUrls?.local[0]
  if (!url) {
    await server.close()
    stopDatabase()
    throw new Error('vite preview did not report a URL')
  }
  project.provide('baseUrl', url.replace(/\/$/, ''))
  console.log(`Supabase-mode setup (build ‖ database) ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return async () => {
    await server.close()
    stopDatabase()
  }
}
