import type { Backend } from '../index'
import type { LiveSource } from '../LiveSource'
import { serviceWorkerWanted } from '~/pwa/register'
import { warmingFetch } from '~/pwa/warmCache'
import { DataError } from '../DataSource'
import { DeferredCaseLoop } from '../DeferredCaseLoop'
import { createSupabaseAuth } from './auth'
import { createSupabaseClient, supabaseConfigFromEnv } from './client'
import { SupabaseDataSource } from './SupabaseDataSource'
import { SupabaseScenarioStore } from './SupabaseScenarioStore'
import { SupabaseTerritoryImporter } from './SupabaseTerritoryImporter'

/** Connects to the configured Supabase project; every source answers as the signed-in user. */
export function connectSupabase(): Backend {
  const config = supabaseConfigFromEnv()
  if (!config)
    throw new DataError('unavailable', 'VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY must both be set')
  // Where the installed app's worker will keep reads for offline, the first load's reads are
  // made again through it once it takes control (src/pwa/warmCache).
  const client = createSupabaseClient(config, serviceWorkerWanted() ? { fetch: warmingFetch((input, init) => fetch(input, init), `${config.url.replace(/\/+$/, '')}/rest/v1/`) } : {})
  const dataSource = new SupabaseDataSource(client)
  const caseLoop = new DeferredCaseLoop(() => import('./SupabaseCaseLoop').then(m => new m.SupabaseCaseLoop(client)))
  const scenarios = new SupabaseScenarioStore(client)
  let live: Promise<LiveSource> | null = null
  return {
    mode: 'supabase',
    auth: createSupabaseAuth(client),
    dataSource: () => dataSource,
    caseLoop: () => caseLoop,
    live: () => (live ??= import('./live').then(m => new m.SupabaseLiveSource(client))),
    startDemoFeed: null,
    resetDemo: null,
    territory: new SupabaseTerritoryImporter(client),
    scenarios: () => scenarios,
  }
}
