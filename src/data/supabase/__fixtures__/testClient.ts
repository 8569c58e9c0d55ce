import type { WebSocketLikeConstructor } from '@supabase/supabase-js'
// Client options for tests running in Node 20: a fetch of the test's choosing, no token refresh
// timers, and a WebSocket class for Realtime that refuses to connect (these tests open no channel;
// the live feed's tests pass a real one).
import type { SupabaseClientOptions } from '../client'

class NoWebSocket {
  constructor() {
    throw new Error('this test opens no Realtime channel, yet a WebSocket was opened')
  }
}

/** Options for createSupabaseClient in a test: every request goes to `fetch`. */
export function testClientOptions(fetch: typeof globalThis.fetch, extra: SupabaseClientOptions = {}): SupabaseClientOptions {
  return { fetch, autoRefreshToken: false, webSocket: NoWebSocket as unknown as WebSocketLikeConstructor, ...extra }
}
