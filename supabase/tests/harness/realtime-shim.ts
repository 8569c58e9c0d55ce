// A stand-in for Supabase Realtime at its protocol boundary: a WebSocket server at
// /realtime/v1/websocket speaking the Phoenix channel protocol supabase-js's RealtimeClient uses,
// deciding and delivering from the test database. Realtime cannot run on these machines; the
// shim reproduces what it does, from supabase/realtime (lib/realtime_web/channels/*,
// lib/realtime/tenants/authorization.ex, lib/realtime_web/socket/v2_serializer.ex):
//
// * Connecting: the `apikey` query parameter must be a JWT with `role` and `exp` (401 otherwise,
//   before the upgrade); `vsn` picks the serializer — 1.0.0 JSON objects, 2.0.0 JSON arrays plus
//   binary frames for broadcasts (kind 4 from the server, kind 3 from the client).
// * Heartbeats on topic "phoenix" are answered; a message to a topic not joined gets
//   "unmatched topic".
// * phx_join: the token is the payload's access_token, else the apikey; it must decode, carry
//   `role` and `exp`, and not be expired. A private channel is authorised as Realtime does it: in
//   one transaction, insert probe messages on the topic (broadcast and presence) as Realtime's own
//   connection, set role, realtime.topic, request.jwt.claims (and .claim.sub/.claim.role,
//   request.headers) locally, select the probes back as the user, roll back. The join succeeds when
//   a probe is visible; otherwise the reply is Realtime's "Unauthorized: You do not have
//   permissions to read from this Channel topic: <topic>". Public channels are not authorised.
// * access_token: re-authorises the joined channel with the new token; a refused or expired token,
//   or a read permission now gone, ends the channel with a "system" error and phx_close. A token
//   is re-checked at its expiry (Realtime checks every 5 minutes or at expiry, whichever is first).
// * broadcast from a client on a private channel is relayed only when the user may insert a message
//   on the topic (Realtime's write check); otherwise it is dropped.
// * Delivery: every message committed to realtime.messages reaches the sockets joined to its topic
//   (private channels for private messages). Realtime reads the inserts from a logical replication
//   slot; the shim LISTENs to the notification the bootstrap's trigger sends at commit
//   (supabase/tests/bootstrap/20_realtime.sql), which gives the same committed rows in commit order.
// * JWTs are decoded, not verified (the tests mint unsigned tokens), as in the PostgREST shim.
//
// stop() kills every socket without a close frame and stops listening, as a crashed server would;
// start() brings it back on the same port, so clients reconnect by themselves.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { RawData } from 'ws'
import type { TestClaims } from '~/data/supabase/__fixtures__/jwt'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import pg from 'pg'
import { WebSocket, WebSocketServer } from 'ws'
import { jwtClaims } from '~/data/supabase/__fixtures__/jwt'

/** Where the shim reads: a superuser pool, the connection Realtime itself holds to the project. */
export interface RealtimeShimDatabase {
  admin: pg.Pool
}

/** A join as the shim decided it. */
export interface ShimJoin {
  /** The channel's topic without "realtime:", e.g. grid:330102.001. */
  topic: string
  private: boolean
  sub: string | null
  ok: boolean
  /** The refusal Realtime would send; null when joined. */
  reason: string | null
}

/** A message the shim sent to a socket because it was committed to realtime.messages. */
export interface ShimDelivery {
  connection: number
  topic: string
  event: string
  payload: unknown
  messageId: string
  /** performance.now() when the frame was handed to the socket. */
  sentAt: number
}

/** Options mirroring the knobs the tests need. */
export interface RealtimeShimOptions {
  /** Clock in epoch ms, for token expiry. */
  now?: () => number
  /** Port to listen on; 0 (default) picks a free one on first start and keeps it. */
  port?: number
}

/** The running stand-in. */
export interface RealtimeShim {
  /** Base URL to give supabase-js (its realtime URL is this + /realtime/v1). */
  readonly url: string
  readonly joins: ShimJoin[]
  readonly deliveries: ShimDelivery[]
  /** Open WebSocket connections. */
  connectionCount: () => number
  /** Channels currently joined, by topic. */
  joinedTopics: () => string[]
  /** Kills every connection abruptly and stops serving (a crash). */
  stop: () => Promise<void>
  /** Serves again on the same port. */
  start: () => Promise<void>
}

type Vsn = '1.0.0' | '2.0.0'

interface Frame {
  joinRef: string | null
  ref: string | null
  topic: string
  event: string
  payload: Record<string, unknown>
}

interface Channel {
  topic: string
  sub: string
  joinRef: string | null
  private: boolean
  claims: TestClaims
  token: string
  /** Realtime's broadcast.read for the current token. */
  canRead: boolean
  presence: boolean
  timer: NodeJS.Timeout | null
}

interface Connection {
  id: number
  ws: WebSocket
  vsn: Vsn
  apikey: string
  headers: Record<string, string>
  channels: Map<string, Channel>
  queue: Promise<void>
}

interface StoredMessage {
  id: string
  topic: string
  event: string
  private: boolean
  extension: string
  payload: unknown
}

const CONFIRM_TOKEN_MS = 5 * 60_000
const USER_BROADCAST_PUSH = 3
const USER_BROADCAST = 4

class TokenError extends Error {}

/** Claims of a token Realtime accepts (role and exp present, not expired), or a TokenError saying why not. */
function checkToken(token: unknown, now: number): TestClaims {
  const claims = typeof token === 'string' ? jwtClaims(token) : null
  if (!claims)
    throw new TokenError('MalformedJWT: The token provided is not a valid JWT')
  if (!('role' in claims) || !('exp' in claims))
    throw new TokenError('InvalidJWTToken: Fields `role` and `exp` are required in JWT')
  const nowS = Math.floor(now / 1000)
  if (typeof claims.exp !== 'number' || claims.exp <= nowS)
    throw new TokenError(`InvalidJWTToken: Token has expired ${nowS - Number(claims.exp)} seconds ago`)
  return claims
}

function unauthorized(topic: string): string {
  return `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`
}

/** Starts the shim over a test database. */
export async function startRealtimeShim(db: RealtimeShimDatabase, options: RealtimeShimOptions = {}): Promise<RealtimeShim> {
  const clock = options.now ?? Date.now
  const joins: ShimJoin[] = []
  const deliveries: ShimDelivery[] = []
  const connections = new Set<Connection>()
  let port = options.port ?? 0
  let nextId = 1
  let server: ReturnType<typeof createServer> | null = null
  let wss: WebSocketServer | null = null
  let listener: pg.Client | null = null

  // --- wire format -------------------------------------------------------------------------

  function decode(conn: Connection, data: RawData, isBinary: boolean): Frame | null {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
    if (isBinary) {
      // vsn 2.0.0 user broadcast push: kind, 5 lengths, encoding, then the strings and the payload.
      if (conn.vsn !== '2.0.0' || buf[0] !== USER_BROADCAST_PUSH)
        return null
      const [joinRefLen, refLen, topicLen, eventLen, metaLen, encoding] = [buf[1]!, buf[2]!, buf[3]!, buf[4]!, buf[5]!, buf[6]!]
      let o = 7
      const take = (n: number): string => buf.subarray(o, (o += n)).toString('utf8')
      const joinRef = take(joinRefLen)
      const ref = take(refLen)
      const topic = take(topicLen)
      const event = take(eventLen)
      take(metaLen)
      const body = buf.subarray(o)
      const payload = encoding === 1 ? JSON.parse(body.toString('utf8')) as unknown : body
      return { joinRef: joinRef || null, ref: ref || null, topic, event: 'broadcast', payload: { type: 'broadcast', event, payload } }
    }
    const parsed = JSON.parse(buf.toString('utf8')) as unknown
    if (conn.vsn === '2.0.0') {
      if (!Array.isArray(parsed) || parsed.length !== 5)
        return null
      const [joinRef, ref, topic, event, payload] = parsed as [string | null, string | null, string, string, Record<string, unknown>]
      return { joinRef, ref, topic, event, payload: payload ?? {} }
    }
    const m = parsed as { join_ref?: string | null, ref?: string | null, topic: string, event: string, payload?: Record<string, unknown> }
    return { joinRef: m.join_ref ?? null, ref: m.ref ?? null, topic: m.topic, event: m.event, payload: m.payload ?? {} }
  }

  function send(conn: Connection, joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown): void {
    if (conn.ws.readyState !== WebSocket.OPEN)
      return
    conn.ws.send(conn.vsn === '2.0.0'
      ? JSON.stringify([joinRef, ref, topic, event, payload])
      : JSON.stringify({ topic, event, payload, ref }))
  }

  function reply(conn: Connection, frame: Frame, status: 'ok' | 'error', response: unknown): void {
    send(conn, frame.joinRef, frame.ref, frame.topic, 'phx_reply', { status, response })
  }

  function deliver(conn: Connection, channel: Channel, message: StoredMessage): void {
    if (conn.ws.readyState !== WebSocket.OPEN)
      return
    const meta = { id: message.id }
    if (conn.vsn === '2.0.0') {
      const topic = Buffer.from(channel.topic, 'utf8')
      const event = Buffer.from(message.event, 'utf8')
      const metadata = Buffer.from(JSON.stringify(meta), 'utf8')
      const body = Buffer.from(JSON.stringify(message.payload), 'utf8')
      conn.ws.send(Buffer.concat([Buffer.from([USER_BROADCAST, topic.length, event.length, metadata.length, 1]), topic, event, metadata, body]))
    }
    else {
      send(conn, null, null, channel.topic, 'broadcast', { type: 'broadcast', event: message.event, payload: message.payload, meta })
    }
    deliveries.push({ connection: conn.id, topic: message.topic, event: message.event, payload: message.payload, messageId: message.id, sentAt: performance.now() })
  }

  // --- authorisation, as Realtime.Tenants.Authorization ---------------------------------------

  async function withConfig<T>(client: pg.PoolClient, conn: Connection, sub: string, claims: TestClaims, fn: () => Promise<T>): Promise<T> {
    await client.query(
      `select set_config('role', $1, true), set_config('realtime.topic', $2, true), set_config('request.jwt.claims', $3, true),
              set_config('request.jwt.claim.sub', $4, true), set_config('request.jwt.claim.role', $1, true), set_config('request.headers', $5, true)`,
      [String(claims.role), sub, JSON.stringify(claims), typeof claims.sub === 'string' ? claims.sub : '', JSON.stringify(conn.headers)],
    )
    return fn()
  }

  /** broadcast.read: the probe on the topic is visible to the user. An error in a policy counts as no. */
  async function canRead(conn: Connection, sub: string, claims: TestClaims): Promise<boolean> {
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      const ids = [randomUUID(), randomUUID()]
      await client.query(`insert into realtime.messages (id, topic, extension) values ($1, $3, 'broadcast'), ($2, $3, 'presence')`, [ids[0], ids[1], sub])
      const visible = await withConfig(client, conn, sub, claims, async () =>
        (await client.query<{ extension: string }>('select extension from realtime.messages where id = any($1::uuid[])', [ids])).rows)
      return visible.some(r => r.extension === 'broadcast')
    }
    catch {
      return false
    }
    finally {
      await client.query('rollback').catch(() => {})
      client.release()
    }
  }

  /** broadcast.write: the user may insert a message on the topic. */
  async function canWrite(conn: Connection, sub: string, claims: TestClaims): Promise<boolean> {
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      return await withConfig(client, conn, sub, claims, async () => {
        await client.query(`insert into realtime.messages (topic, extension) values ($1, 'broadcast')`, [sub])
        return true
      })
    }
    catch {
      return false
    }
    finally {
      await client.query('rollback').catch(() => {})
      client.release()
    }
  }

  function scheduleTokenCheck(conn: Connection, channel: Channel): void {
    if (channel.timer)
      clearTimeout(channel.timer)
    const untilExpiry = Number(channel.claims.exp) * 1000 - clock()
    channel.timer = setTimeout(() => {
      conn.queue = conn.queue.then(() => confirmToken(conn, channel))
    }, Math.max(0, Math.min(CONFIRM_TOKEN_MS, untilExpiry + 1)))
    channel.timer.unref()
  }

  function shutdown(conn: Connection, channel: Channel, message: string): void {
    send(conn, channel.joinRef, null, channel.topic, 'system', { extension: 'system', status: 'error', message, channel: channel.sub })
    send(conn, channel.joinRef, channel.joinRef, channel.topic, 'phx_close', {})
    closeChannel(conn, channel)
  }

  function closeChannel(conn: Connection, channel: Channel): void {
    if (channel.timer)
      clearTimeout(channel.timer)
    if (conn.channels.get(channel.topic) === channel)
      conn.channels.delete(channel.topic)
  }

  async function confirmToken(conn: Connection, channel: Channel): Promise<void> {
    if (conn.channels.get(channel.topic) !== channel)
      return
    try {
      checkToken(channel.token, clock())
      scheduleTokenCheck(conn, channel)
    }
    catch (error) {
      shutdown(conn, channel, (error as Error).message.replace(/^InvalidJWTToken: /, ''))
    }
  }

  // --- channel events ------------------------------------------------------------------------

  async function join(conn: Connection, frame: Frame): Promise<void> {
    const sub = frame.topic.slice('realtime:'.length)
    const config = (frame.payload.config ?? {}) as { private?: boolean, presence?: { enabled?: boolean } }
    const isPrivate = config.private === true
    const token = typeof frame.payload.access_token === 'string' ? frame.payload.access_token : conn.apikey
    const refuse = (reason: string): void => {
      joins.push({ topic: sub, private: isPrivate, sub: null, ok: false, reason })
      reply(conn, frame, 'error', { reason })
    }
    if (sub === '')
      return refuse('TopicNameRequired: You must provide a topic name')
    let claims: TestClaims
    try {
      claims = checkToken(token, clock())
    }
    catch (error) {
      return refuse((error as Error).message)
    }
    const readable = isPrivate ? await canRead(conn, sub, claims) : true
    if (!readable) {
      joins.push({ topic: sub, private: true, sub: typeof claims.sub === 'string' ? claims.sub : null, ok: false, reason: unauthorized(sub) })
      reply(conn, frame, 'error', { reason: unauthorized(sub) })
      return
    }
    // Joining a topic again replaces the earlier channel, as Phoenix does.
    const earlier = conn.channels.get(frame.topic)
    if (earlier) {
      send(conn, earlier.joinRef, earlier.joinRef, earlier.topic, 'phx_close', {})
      closeChannel(conn, earlier)
    }
    const channel: Channel = { topic: frame.topic, sub, joinRef: frame.joinRef, private: isPrivate, claims, token, canRead: true, presence: config.presence?.enabled === true, timer: null }
    conn.channels.set(frame.topic, channel)
    scheduleTokenCheck(conn, channel)
    joins.push({ topic: sub, private: isPrivate, sub: typeof claims.sub === 'string' ? claims.sub : null, ok: true, reason: null })
    reply(conn, frame, 'ok', { postgres_changes: [] })
    if (channel.presence)
      send(conn, channel.joinRef, null, channel.topic, 'presence_state', {})
  }

  async function accessToken(conn: Connection, channel: Channel, token: unknown): Promise<void> {
    if (typeof token !== 'string' || token === channel.token || token.startsWith('sb_'))
      return
    let claims: TestClaims
    try {
      claims = checkToken(token, clock())
    }
    catch (error) {
      return shutdown(conn, channel, (error as Error).message.replace(/^[a-z]+: /i, ''))
    }
    if (channel.private && !(await canRead(conn, channel.sub, claims)))
      return shutdown(conn, channel, `You no longer have permission to read from this Channel topic: ${channel.sub}`)
    channel.token = token
    channel.claims = claims
    scheduleTokenCheck(conn, channel)
  }

  async function clientBroadcast(conn: Connection, channel: Channel, frame: Frame): Promise<void> {
    if (channel.private && !(await canWrite(conn, channel.sub, channel.claims)))
      return
    const p = frame.payload as { event?: string, payload?: unknown }
    const message: StoredMessage = { id: randomUUID(), topic: channel.sub, event: String(p.event ?? ''), private: channel.private, extension: 'broadcast', payload: p.payload ?? {} }
    for (const other of connections) {
      for (const ch of other.channels.values()) {
        if (ch.sub === message.topic && ch.private === message.private && !(other === conn && ch === channel))
          deliver(other, ch, message)
      }
    }
  }

  async function handle(conn: Connection, frame: Frame): Promise<void> {
    if (frame.topic === 'phoenix') {
      if (frame.event === 'heartbeat')
        reply(conn, frame, 'ok', {})
      return
    }
    if (frame.event === 'phx_join')
      return join(conn, frame)
    const channel = conn.channels.get(frame.topic)
    if (!channel || (frame.joinRef !== null && frame.joinRef !== channel.joinRef)) {
      reply(conn, frame, 'error', { reason: 'unmatched topic' })
      return
    }
    if (frame.event === 'phx_leave') {
      closeChannel(conn, channel)
      reply(conn, frame, 'ok', {})
      send(conn, channel.joinRef, channel.joinRef, channel.topic, 'phx_close', {})
    }
    else if (frame.event === 'access_token') {
      await accessToken(conn, channel, frame.payload.access_token)
    }
    else if (frame.event === 'broadcast') {
      await clientBroadcast(conn, channel, frame)
    }
  }

  // --- delivery from the database ------------------------------------------------------------

  async function onNotification(text: string): Promise<void> {
    let row = JSON.parse(text) as Partial<StoredMessage> & { id: string, inserted_at: string }
    if (row.topic === undefined) {
      const { rows } = await db.admin.query<StoredMessage>(
        'select id::text, topic, event, private, extension, payload from realtime.messages where id = $1 and inserted_at = $2',
        [row.id, row.inserted_at],
      )
      if (!rows[0])
        return
      row = { ...rows[0], inserted_at: row.inserted_at }
    }
    const message = row as StoredMessage
    if (message.extension !== 'broadcast')
      return
    for (const conn of connections) {
      for (const channel of conn.channels.values()) {
        if (channel.sub === message.topic && channel.private === (message.private === true) && channel.canRead)
          deliver(conn, channel, message)
      }
    }
  }

  // --- server lifecycle ----------------------------------------------------------------------

  function refuseUpgrade(socket: Duplex, status: number, message: string): void {
    socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Unauthorized'}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify({ error: message })}`)
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://shim')
    if (url.pathname !== '/realtime/v1/websocket')
      return refuseUpgrade(socket, 404, `no WebSocket at ${url.pathname}`)
    const apikey = url.searchParams.get('apikey') ?? ''
    if (apikey === '')
      return refuseUpgrade(socket, 401, 'API key is missing')
    if (!apikey.startsWith('sb_')) {
      try {
        checkToken(apikey, clock())
      }
      catch (error) {
        return refuseUpgrade(socket, 401, (error as Error).message.replace(/^[a-z]+: /i, ''))
      }
    }
    const vsn: Vsn = url.searchParams.get('vsn') === '2.0.0' ? '2.0.0' : '1.0.0'
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(request.headers)) {
      if (typeof v === 'string' && k.startsWith('x-'))
        headers[k] = v
    }
    wss!.handleUpgrade(request, socket, head, (ws) => {
      const conn: Connection = { id: nextId++, ws, vsn, apikey, headers, channels: new Map(), queue: Promise.resolve() }
      connections.add(conn)
      ws.on('message', (data, isBinary) => {
        let frame: Frame | null
        try {
          frame = decode(conn, data, isBinary)
        }
        catch {
          frame = null
        }
        if (frame)
          conn.queue = conn.queue.then(() => handle(conn, frame!)).catch(() => {})
      })
      ws.on('close', () => {
        for (const channel of conn.channels.values())
          closeChannel(conn, channel)
        connections.delete(conn)
      })
      ws.on('error', () => {})
    })
  }

  async function start(): Promise<void> {
    if (server)
      return
    listener = new pg.Client(db.admin.options)
    await listener.connect()
    listener.on('notification', (n) => {
      if (n.channel === 'realtime_stand_in' && n.payload)
        void onNotification(n.payload).catch(() => {})
    })
    listener.on('error', () => {})
    await listener.query('listen realtime_stand_in')
    wss = new WebSocketServer({ noServer: true })
    server = createServer((_req, res) => {
      res.writeHead(404).end()
    })
    server.on('upgrade', onUpgrade)
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject)
      server!.listen(port, '127.0.0.1', () => {
        const address = server!.address()
        port = typeof address === 'object' && address !== null ? address.port : port
        resolve()
      })
    })
  }

  async function stop(): Promise<void> {
    for (const conn of connections) {
      for (const channel of conn.channels.values())
        closeChannel(conn, channel)
      conn.ws.terminate()
    }
    connections.clear()
    const s = server
    server = null
    wss?.close()
    wss = null
    if (s)
      await new Promise<void>(resolve => s.close(() => resolve()))
    const l = listener
    listener = null
    await l?.end().catch(() => {})
  }

  await start()
  return {
    get url() {
      return `http://127.0.0.1:${port}`
    },
    joins,
    deliveries,
    connectionCount: () => connections.size,
    joinedTopics: () => [...connections].flatMap(c => [...c.channels.values()].map(ch => ch.sub)),
    stop,
    start,
  }
}
