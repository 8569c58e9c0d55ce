// The one supabase-js client of the app, typed with the database's generated types so every RPC
// name and argument is checked against the schema at compile time.
import type { SupabaseClient, SupportedStorage, WebSocketLikeConstructor } from '@supabase/supabase-js'
import type { Database } from '../../../supabase/types.generated'
import { createClient } from '@supabase/supabase-js'

/** A supabase-js client for this project's schema. */
export type PinganSupabaseClient = SupabaseClient<Database>

/** Where the Supabase project is and the public (anon) key to reach it. */
export interface SupabaseConfig {
  url: string
  anonKey: string
}

/** Seams for tests and non-browser runs; the app passes none. */
export interface SupabaseClientOptions {
  /** Replaces the global fetch for every request (REST and Auth). */
  fetch?: typeof fetch
  /** Where the session is kept; defaults to localStorage in the browser, memory elsewhere. */
  storage?: SupportedStorage
  /** Refreshes the access token before it expires (default true). */
  autoRefreshToken?: boolean
  /** WebSocket class for supabase-js's Realtime client (the live feed); only needed where the runtime has none (Node 20). */
  webSocket?: WebSocketLikeConstructor
  /** Realtime protocol version (default: supabase-js's, 2.0.0); tests speak both. */
  realtimeVsn?: '1.0.0' | '2.0.0'
}

/** The project settings from VITE_SUPABASE_URL / VITE_SUPABASE_ANON_KEY, or null when either is unset. */
export function supabaseConfigFromEnv(env: Partial<Record<'VITE_SUPABASE_URL' | 'VITE_SUPABASE_ANON_KEY', string>> = import.meta.env): SupabaseConfig | null {
  const url = env.VITE_SUPABASE_URL?.trim()
  const anonKey = env.VITE_SUPABASE_ANON_KEY?.trim()
  return url && anonKey ? { url, anonKey } : null
}

/** A client whose session persists across reloads (localStorage) and refreshes itself. */
export function createSupabaseClient(config: SupabaseConfig, options: SupabaseClientOptions = {}): PinganSupabaseClient {
  return createClient<Database>(config.url, config.anonKey, {
    auth: {
      persistSession: true,
      autoRefreshToken: options.autoRefreshToken ?? true,
      // Email + password only: no OAuth or magic-link redirects carry a session in the URL.
      detectSessionInUrl: false,
      ...(options.storage ? { storage: options.storage } : {}),
    },
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
    realtime: {
      ...(options.webSocket ? { transport: options.webSocket } : {}),
      ...(options.realtimeVsn ? { vsn: options.realtimeVsn } : {}),
    },
  })
}
