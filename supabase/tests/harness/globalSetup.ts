// Vitest global setup for the database tests: one throw-away server per run with a template
// database holding the bootstrap and every migration; each test file copies the template.
import type { TestProject } from 'vitest/node'
import { createSchemaDatabase, startServer } from './postgres'

/** Name of the migrated template database the test files copy. */
export const TEMPLATE_DATABASE = 'pingan_template'

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { host: string, port: number, binDir: string, template: string }
  }
}

/** Starts the server and migrates the template; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startServer()
  try {
    createSchemaDatabase(server, TEMPLATE_DATABASE)
  }
  catch (error) {
    server.stop()
    throw error
  }
  project.provide('pg', { host: server.host, port: server.port, binDir: server.binDir, template: TEMPLATE_DATABASE })
  return () => server.stop()
}
