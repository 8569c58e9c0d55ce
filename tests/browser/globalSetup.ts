import type { TestProject } from 'vitest/node'
import { existsSync } from 'node:fs'
import { preview } from 'vite'

/** Serves the built app with `vite preview` on a free port for the duration of the browser tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npx vite build` before the browser tests (npm test does)')
  const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' })
  const url = server.resolvedUrls?.local[0]
  if (!url)
    throw new Error('vite preview did not report a URL')
  project.provide('baseUrl', url.replace(/\/$/, ''))
  return async () => {
    await server.close()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}
