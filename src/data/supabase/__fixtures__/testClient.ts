import type { WebSocketLikeConstructor } from '@supabase/supabase-js'
// Client options for tests running in Node 20: a fetch of the test's choosing, no token refresh
// timers, and a WebSocket class for Realtime that refuses to connect (no test opens a channel).
import type { SupabaseClientOptions } from '../client'

class NoWebSocket {
  constructor() {
    throw new Error('Realtime is not used by the data layer; a test tried to open a WebSocket')
  }
}

/** Options for createSupabaseClient in a test: every request goes to `fetch`. */
export function testClientOptions(fetch: typeof globalThis.fetch, extra: SupabaseClientOptions = {}): SupabaseClientOptions {
  return { fetch, autoRefreshToken: false, webSocket: NoWebSocket as unknown as WebSocketLikeConstructor, ...extra }
}
