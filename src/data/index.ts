import type { CaseLoopSource } from './CaseLoopSource'
import type { DataSource } from './DataSource'
import type { DemoCaseLoopDataset } from './demo/DemoCaseLoop'
import type { TerritoryImporter } from './territoryImporter'
import { DataError } from './DataSource'
import { DemoCaseLoop, withDemoUnitHandlers } from './demo/DemoCaseLoop'
import { DemoDataSource } from './demo/DemoDataSource'
import { loadDemoDataset } from './demo/loadDemoDataset'

/** Which backend the app runs on, decided once from the build-time environment. */
export const backendMode: 'demo' | 'supabase' = import.meta.env.VITE_SUPABASE_URL ? 'supabase' : 'demo'

// One dataset for every viewer's reads and writes, so a case written as one demo user shows when viewing as another.
let demoDataset: Promise<DemoCaseLoopDataset> | null = null

function sharedDemoDataset(): Promise<DemoCaseLoopDataset> {
  demoDataset ??= loadDemoDataset().then(withDemoUnitHandlers)
  return demoDataset
}

/** A data source for the embedded demo township, as seen by one of its demo users. */
export function createDemoDataSource(viewerId: string): DataSource {
  return new DemoDataSource(sharedDemoDataset(), viewerId)
}

/** The case loop (intake, transitions, event log) of the embedded demo, acting as one of its demo users. */
export function createDemoCaseLoop(viewerId: string): CaseLoopSource {
  return new DemoCaseLoop(sharedDemoDataset(), viewerId)
}

/** The Supabase side of the app: sign-in and the data source answering as the signed-in user. */
export interface SupabaseBackend {
  auth: import('./supabase/auth').SupabaseAuth
  dataSource: DataSource
  /** The case loop as the signed-in user, over the same client. */
  caseLoop: CaseLoopSource
  /** The territory import (county admins), over the same client. */
  territory: TerritoryImporter
}

let supabaseBackend: Promise<SupabaseBackend> | null = null

/**
 * Loads supabase-js and connects, once. Imported lazily so the demo build never downloads the
 * Supabase client.
 */
export function loadSupabaseBackend(): Promise<SupabaseBackend> {
  supabaseBackend ??= (async () => {
    const [{ createSupabaseClient, supabaseConfigFromEnv }, { createSupabaseAuth }, { SupabaseDataSource }, { SupabaseCaseLoop }, { SupabaseTerritoryImporter }] = await Promise.all([
      import('./supabase/client'),
      import('./supabase/auth'),
      import('./supabase/SupabaseDataSource'),
      import('./supabase/SupabaseCaseLoop'),
      import('./supabase/SupabaseTerritoryImporter'),
    ])
    const config = supabaseConfigFromEnv()
    if (!config)
      throw new DataError('unavailable', 'VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY must both be set')
    const client = createSupabaseClient(config)
    return { auth: createSupabaseAuth(client), dataSource: new SupabaseDataSource(client), caseLoop: new SupabaseCaseLoop(client), territory: new SupabaseTerritoryImporter(client) }
  })()
  return supabaseBackend
}

/** The territory import of the backend in use (the demo's is in the browser). */
export async function createTerritoryImporter(): Promise<TerritoryImporter> {
  if (backendMode === 'supabase')
    return (await loadSupabaseBackend()).territory
  const { DemoTerritoryImporter } = await import('./demo/DemoTerritoryImporter')
  return new DemoTerritoryImporter()
}
