// The page's Realtime WebSocket (to the build's project URL, a host that does not resolve) relayed
// by page.routeWebSocket to the Realtime stand-in (supabase/tests/harness/realtime-shim.ts). Shared
// by the wall-live spec and the commit→wall benchmark (tests/bench/wall-live/).
import type { Page, WebSocketRoute } from 'playwright-core'
import NodeWebSocket from 'ws'

/** What a relayed page received from the stand-in, and the sockets it opened. */
export interface RealtimeRelay {
  /** Text (JSON) frames and binary frames (decoded as UTF-8) from the stand-in, in order. */
  received: string[]
  /** Sockets the page opened to Realtime. */
  sockets: WebSocketRoute[]
}

/** Relays every Realtime socket `page` opens to the stand-in at `standInUrl` (its http base URL). */
export async function relayRealtime(page: Page, standInUrl: () => string): Promise<RealtimeRelay> {
  const received: string[] = []
  const sockets: WebSocketRoute[] = []
  await page.routeWebSocket(/\/realtime\/v1\/websocket/, (ws) => {
    sockets.push(ws)
    const target = new URL(ws.url())
    const upstream = new URL(`${standInUrl().replace(/^http/, 'ws')}/realtime/v1/websocket`)
    upstream.search = target.search
    // connectToServer() would dial the page's own URL (a host that does not resolve): relay by hand.
    // Frames the page sends before the upstream is open wait for it, as a socket's would.
    const server = new NodeWebSocket(upstream.href)
    const pending: Array<string | Buffer> = []
    server.on('open', () => pending.splice(0).forEach(m => server.send(m)))
    server.on('message', (data: Buffer, isBinary: boolean) => {
      const m = isBinary ? data : data.toString('utf8')
      received.push(typeof m === 'string' ? m : m.toString('utf8'))
      ws.send(m)
    })
    // A killed stand-in ends the page's socket too, abruptly, so the client reconnects by itself.
    server.on('close', () => ws.close({ code: 1011, reason: 'upstream gone' }))
    server.on('error', () => ws.close({ code: 1011, reason: 'upstream unreachable' }))
    ws.onMessage((m) => {
      if (server.readyState === NodeWebSocket.OPEN)
        server.send(m)
      else
        pending.push(m)
    })
    ws.onClose(() => server.terminate())
  })
  return { received, sockets }
}
