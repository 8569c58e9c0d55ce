// A stand-in for Supabase's API gateway, to be passed as `fetch` to a real supabase-js client:
// PostgREST's RPC endpoint (POST /rest/v1/rpc/<fn>) and the three Supabase Auth endpoints a
// password sign-in uses, served from the test database. PostgREST and Supabase Auth cannot run on
// these machines, so the shim reproduces what they do per request, from their documentation:
//
// * The JWT in `Authorization` is decoded, not verified (tests mint unsigned tokens); its `role`
//   claim picks the database role, `anon` when there is none; an expired token is refused.
// * Each request is one transaction on a connection logged in as `authenticator`, which first runs
//   set_config('role', …, true) and set_config('request.jwt.claims', …, true) (plus search_path
//   and request.method/path/headers) — exactly PostgREST's per-request settings. STABLE and
//   IMMUTABLE functions run in a READ ONLY transaction, as PostgREST does for POST.
// * The function is chosen like PostgREST's schema cache does: same schema and name, every key of
//   the JSON body a parameter name, every parameter without a default present; otherwise 404
//   PGRST202. Arguments are passed by name from json_to_record over the body, typed by the
//   function's own signature, so omitted keys take the function's defaults.
// * A scalar result is the JSON value itself, a set-returning function's result a JSON array,
//   `void` a 204. Errors are PostgREST's JSON ({ code, message, details, hint }) with PostgREST's
//   SQLSTATE -> HTTP status table (42501: 401 for anon, 403 otherwise; P0001 400; P0xxx 500; ...).
// * Sign-in checks the password against auth.users.encrypted_password with pgcrypto's crypt(),
//   as Supabase Auth's bcrypt does, and answers a session whose access token carries the claims
//   Supabase Auth puts in it (sub, role, email, aud, exp, session_id).
import type pg from 'pg'
import type { TestClaims } from '~/data/supabase/__fixtures__/jwt'
import { randomUUID } from 'node:crypto'
import { jwtClaims, testJwt } from '~/data/supabase/__fixtures__/jwt'

/** One request as the shim saw it, for tests to compare with what the data layer should send. */
export interface ShimRequest {
  method: string
  /** Path without the query string, e.g. /rest/v1/rpc/grids_geojson. */
  path: string
  search: string
  /** Header names in lower case. */
  headers: Record<string, string>
  /** The parsed JSON body; undefined when there was none. */
  body: unknown
  /** The RPC name for /rest/v1/rpc/<fn>, else null. */
  fn: string | null
  /** Claims of the bearer token (for anon: { role: 'anon' }); null when the token was refused. */
  claims: TestClaims | null
  status: number
}

/** Where the shim runs queries: `api` logs in as authenticator, `admin` as a superuser (Auth's own access). */
export interface ShimDatabase {
  api: pg.Pool
  admin: pg.Pool
}

/** The shim: a fetch for supabase-js and the log of everything it answered. */
export interface PostgrestShim {
  fetch: typeof fetch
  requests: ShimRequest[]
  /** The RPC requests only, in order. */
  rpcRequests: () => ShimRequest[]
}

/** Options mirroring the PostgREST and Auth settings of a Supabase project (config.toml [api], [auth]). */
export interface ShimOptions {
  /** Exposed schema the RPCs live in. */
  schema?: string
  /** db-extra-search-path. */
  extraSearchPath?: string[]
  /** Access token lifetime in seconds (jwt_expiry). */
  jwtExpirySeconds?: number
  /** Clock in epoch ms, for token issue and expiry. */
  now?: () => number
}

interface RpcParameter {
  name: string
  type: string
}

interface RpcFunction {
  signature: string
  name: string
  parameters: RpcParameter[]
  required: Set<string>
  returnsSet: boolean
  /** The return type is a row (composite or record), so a set comes back as objects. */
  returnsRow: boolean
  returnsVoid: boolean
  readOnly: boolean
}

interface PgError {
  code?: string
  message?: string
  detail?: string
  hint?: string
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  })
}

/** Rolls the request's transaction back and answers a database error as PostgREST does. */
async function rolledBack(client: pg.PoolClient, error: unknown, role: string): Promise<Response> {
  await client.query('rollback').catch(() => {})
  const e = error as PgError
  if (!e.code)
    throw error
  return postgrestError(httpStatusOfSqlState(e.code, role), e.code, e.message ?? '', e.detail ?? null, e.hint ?? null)
}

/** Tables the shim serves through /rest/v1/<table> (the data layer reads and writes them directly). */
const TABLES = new Set(['scenarios'])

function postgrestError(status: number, code: string, message: string, details: string | null = null, hint: string | null = null): Response {
  return json(status, { code, details, hint, message })
}

/** PostgREST's HTTP status for a SQLSTATE (docs.postgrest.org, Errors > HTTP Status Codes). */
export function httpStatusOfSqlState(code: string, role: string): number {
  if (code === '42501')
    return role === 'anon' ? 401 : 403
  const exact: Record<string, number> = { '23503': 409, '23505': 409, '25006': 405, '53400': 500, 'P0001': 400, '42883': 404, '42P01': 404, '42P17': 500 }
  if (code in exact)
    return exact[code]!
  const prefixes: Array<[string, number]> = [['08', 503], ['09', 500], ['0L', 403], ['0P', 403], ['25', 500], ['28', 403], ['2D', 500], ['38', 500], ['39', 500], ['3B', 500], ['40', 500], ['53', 503], ['54', 500], ['55', 500], ['57', 500], ['58', 500], ['F0', 500], ['HV', 500], ['P0', 500], ['XX', 500]]
  for (const [prefix, status] of prefixes) {
    if (code.startsWith(prefix))
      return status
  }
  return 400
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** Creates a shim over a test database. */
export function createPostgrestShim(db: ShimDatabase, options: ShimOptions = {}): PostgrestShim {
  const schema = options.schema ?? 'public'
  const searchPath = [schema, ...(options.extraSearchPath ?? ['public', 'extensions'])].filter((s, i, all) => all.indexOf(s) === i).map(quoteIdent).join(', ')
  const expiry = options.jwtExpirySeconds ?? 3600
  const clock = options.now ?? Date.now
  const requests: ShimRequest[] = []
  const refreshTokens = new Map<string, { userId: string, sessionId: string }>()

  async function findFunction(name: string, keys: string[]): Promise<RpcFunction[] | Response> {
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      // Types printed under an empty search_path come out schema-qualified (public.case_status[]).
      await client.query('set local search_path = \'\'')
      const { rows } = await client.query<{ signature: string, names: string[] | null, modes: string[] | null, types: string[], nargs: number, ndefaults: number, retset: boolean, typtype: string, is_void: boolean, volatile: string }>(
        `select p.oid::regprocedure::text as signature,
                p.proargnames as names,
                p.proargmodes::text[] as modes,
                array(select pg_catalog.format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(t, i) order by i) as types,
                p.pronargs::int as nargs,
                p.pronargdefaults::int as ndefaults,
                p.proretset as retset,
                rt.typtype::text as typtype,
                p.prorettype = 'pg_catalog.void'::pg_catalog.regtype as is_void,
                p.provolatile::text as volatile
           from pg_catalog.pg_proc p
           join pg_catalog.pg_namespace n on n.oid = p.pronamespace
           join pg_catalog.pg_type rt on rt.oid = p.prorettype
          where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`,
        [schema, name],
      )
      await client.query('commit')
      const candidates = rows.map((r): RpcFunction => {
        const inputs: RpcParameter[] = []
        r.types.forEach((type, i) => {
          const mode = r.modes?.[i] ?? 'i'
          if (mode === 'i' || mode === 'b' || mode === 'v')
            inputs.push({ name: r.names?.[i] ?? '', type })
        })
        return {
          signature: r.signature,
          name,
          parameters: inputs,
          required: new Set(inputs.slice(0, r.nargs - r.ndefaults).map(p => p.name)),
          returnsSet: r.retset,
          returnsRow: r.typtype === 'c' || r.typtype === 'p',
          returnsVoid: r.is_void,
          readOnly: r.volatile === 's' || r.volatile === 'i',
        }
      })
      const matches = candidates.filter(f => keys.every(k => f.parameters.some(p => p.name === k)) && [...f.required].every(r => keys.includes(r)))
      if (matches.length === 0) {
        const shown = `${schema}.${name}(${[...keys].sort().join(', ')})`
        return postgrestError(404, 'PGRST202', `Could not find the function ${shown} in the schema cache`, `Searched for the function ${schema}.${name} with parameters ${[...keys].sort().join(', ') || '(none)'}, but no matches were found in the schema cache.`, null)
      }
      if (matches.length > 1)
        return postgrestError(300, 'PGRST203', `Could not choose the best candidate function between: ${matches.map(m => m.signature).join(', ')}`)
      return matches
    }
    finally {
      client.release()
    }
  }

  function callSql(fn: RpcFunction, keys: string[]): string {
    const target = `${quoteIdent(schema)}.${quoteIdent(fn.name)}`
    const named = keys.map(k => `${quoteIdent(k)} := _.${quoteIdent(k)}`).join(', ')
    const record = keys.length === 0 ? '' : ` from json_to_record($1::json) as _(${keys.map(k => `${quoteIdent(k)} ${fn.parameters.find(p => p.name === k)!.type}`).join(', ')})`
    if (fn.returnsSet && fn.returnsRow) {
      const from = keys.length === 0 ? `${target}() as pgrst_call` : `json_to_record($1::json) as _(${keys.map(k => `${quoteIdent(k)} ${fn.parameters.find(p => p.name === k)!.type}`).join(', ')}), lateral ${target}(${named}) as pgrst_call`
      return `select coalesce(json_agg(_postgrest_t)::text, '[]') as body from (select pgrst_call.* from ${from}) _postgrest_t`
    }
    const call = `select ${target}(${named}) as pgrst_scalar${record}`
    return fn.returnsSet
      ? `select coalesce(json_agg(_postgrest_t.pgrst_scalar)::text, '[]') as body from (${call}) _postgrest_t`
      : `select coalesce((json_agg(_postgrest_t.pgrst_scalar)->0)::text, 'null') as body from (${call}) _postgrest_t`
  }

  async function rpc(name: string, method: string, path: string, headers: Record<string, string>, body: unknown, claims: TestClaims): Promise<Response> {
    if (method !== 'POST')
      return postgrestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`)
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return postgrestError(400, 'PGRST102', 'Empty or invalid json')
    const args = body as Record<string, unknown>
    const keys = Object.keys(args)
    const found = await findFunction(name, keys)
    if (found instanceof Response)
      return found
    const fn = found[0]!
    const role = String(claims.role)
    const client = await db.api.connect()
    try {
      await client.query(fn.readOnly ? 'begin isolation level read committed read only' : 'begin isolation level read committed')
      await client.query(
        `select set_config('search_path', $1, true), set_config('role', $2, true), set_config('request.jwt.claims', $3, true),
                set_config('request.method', $4, true), set_config('request.path', $5, true), set_config('request.headers', $6, true)`,
        [searchPath, role, JSON.stringify(claims), method, path, JSON.stringify(headers)],
      )
      const { rows } = await client.query<{ body: string }>(callSql(fn, keys), keys.length === 0 ? [] : [JSON.stringify(args)])
      // As PostgREST with db-tx-end = commit-allow-override: the client may ask for a rollback.
      const rollback = (headers.prefer ?? '').split(',').some(p => p.trim() === 'tx=rollback')
      await client.query(rollback ? 'rollback' : 'commit')
      if (fn.returnsVoid)
        return new Response(null, { status: 204 })
      return new Response(rows[0]!.body, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } })
    }
    catch (error) {
      return rolledBack(client, error, role)
    }
    finally {
      client.release()
    }
  }

  // The table endpoints for the tables listed in TABLES, as PostgREST serves them for what the data
  // layer sends: select=<columns>, col=eq.<value> filters, order=<col>.asc|desc, limit, insert /
  // update (Prefer return=representation) / delete, and a single object on Accept vnd.pgrst.object.
  async function table(name: string, method: string, url: URL, headers: Record<string, string>, body: unknown, claims: TestClaims): Promise<Response> {
    const ident = /^[a-z_][a-z0-9_]*$/
    const q = (c: string) => `"${c}"`
    const select = (url.searchParams.get('select') ?? '*').split(',').map(c => c.trim())
    if (!select.every(c => c === '*' || ident.test(c)))
      return postgrestError(400, 'PGRST100', `the shim reads plain column lists only, got select=${url.searchParams.get('select')}`)
    const filters: string[] = []
    const values: unknown[] = []
    for (const [k, v] of url.searchParams) {
      if (k === 'select' || k === 'order' || k === 'limit' || k === 'columns')
        continue
      if (!ident.test(k) || !v.startsWith('eq.'))
        return postgrestError(400, 'PGRST100', `the shim filters with col=eq.value only, got ${k}=${v}`)
      values.push(v.slice(3))
      filters.push(`${q(k)}::text = $${values.length}`)
    }
    const where = filters.length > 0 ? ` where ${filters.join(' and ')}` : ''
    const cols = select.map(c => (c === '*' ? '*' : q(c))).join(', ')
    let sql: string
    if (method === 'GET') {
      const order = url.searchParams.get('order')
      const m = order ? /^([a-z_][a-z0-9_]*)\.(asc|desc)$/.exec(order) : null
      if (order && !m)
        return postgrestError(400, 'PGRST100', `the shim orders by one column, got order=${order}`)
      const limit = Number(url.searchParams.get('limit') ?? 'NaN')
      sql = `select ${cols} from public.${q(name)}${where}${m ? ` order by ${q(m[1]!)} ${m[2]}` : ''}${Number.isInteger(limit) ? ` limit ${limit}` : ''}`
    }
    else if (method === 'POST' || method === 'PATCH') {
      if (typeof body !== 'object' || body === null || Array.isArray(body) || !Object.keys(body).every(k => ident.test(k)))
        return postgrestError(400, 'PGRST102', 'Empty or invalid json')
      const keys = Object.keys(body).map(q).join(', ')
      values.push(JSON.stringify(body))
      const rec = `(select ${keys} from json_populate_record(null::public.${q(name)}, $${values.length}::json))`
      sql = method === 'POST'
        ? `insert into public.${q(name)} (${keys}) ${rec.slice(1, -1)} returning ${cols}`
        : `update public.${q(name)} set (${keys}) = ${rec}${where} returning ${cols}`
    }
    else if (method === 'DELETE') {
      sql = `delete from public.${q(name)}${where} returning ${cols}`
    }
    else {
      return postgrestError(405, 'PGRST117', `Unsupported HTTP method: ${method}`)
    }
    const role = String(claims.role)
    const client = await db.api.connect()
    try {
      await client.query(method === 'GET' ? 'begin read only' : 'begin')
      await client.query(`select set_config('search_path', $1, true), set_config('role', $2, true), set_config('request.jwt.claims', $3, true)`, [searchPath, role, JSON.stringify(claims)])
      const res = method === 'GET'
        ? await client.query<{ body: string }>(`select coalesce(json_agg(t), '[]')::text as body from (${sql}) t`, values)
        : await client.query<{ body: string }>(`with w as (${sql}) select coalesce(json_agg(w), '[]')::text as body from w`, values)
      await client.query('commit')
      const out = res.rows[0]!.body
      if ((headers.accept ?? '').includes('vnd.pgrst.object')) {
        const list = JSON.parse(out) as unknown[]
        if (list.length !== 1)
          return postgrestError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${list.length} rows`)
        return new Response(JSON.stringify(list[0]), { status: method === 'POST' ? 201 : 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } })
      }
      return new Response(out, { status: method === 'POST' ? 201 : 200, headers: { 'Content-Type': 'application/json; charset=utf-8' } })
    }
    catch (error) {
      return rolledBack(client, error, role)
    }
    finally {
      client.release()
    }
  }

  function authError(status: number, code: string, message: string): Response {
    return json(status, { code, message }, { 'X-Supabase-Api-Version': '2024-01-01' })
  }

  async function userRow(where: string, value: string): Promise<Record<string, unknown> | null> {
    const { rows } = await db.admin.query(
      `select id::text, aud, role, email, raw_app_meta_data as app_metadata, raw_user_meta_data as user_metadata, created_at, updated_at
         from auth.users where ${where} and deleted_at is null and (banned_until is null or banned_until < now())`,
      [value],
    )
    return rows[0] ?? null
  }

  function session(user: Record<string, unknown>, sessionId: string): Record<string, unknown> {
    const issued = Math.floor(clock() / 1000)
    const claims: TestClaims = {
      aud: String(user.aud ?? 'authenticated'),
      exp: issued + expiry,
      iat: issued,
      iss: 'supabase-test/auth/v1',
      sub: String(user.id),
      email: String(user.email ?? ''),
      role: String(user.role ?? 'authenticated'),
      aal: 'aal1',
      session_id: sessionId,
      is_anonymous: false,
      app_metadata: user.app_metadata ?? {},
      user_metadata: user.user_metadata ?? {},
    }
    const refreshToken = randomUUID()
    refreshTokens.set(refreshToken, { userId: String(user.id), sessionId })
    return {
      access_token: testJwt(claims),
      token_type: 'bearer',
      expires_in: expiry,
      expires_at: issued + expiry,
      refresh_token: refreshToken,
      user,
    }
  }

  async function auth(path: string, search: URLSearchParams, method: string, body: unknown, claims: TestClaims | null): Promise<Response> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
    if (path === '/auth/v1/token' && method === 'POST' && search.get('grant_type') === 'password') {
      if (typeof b.email !== 'string' || typeof b.password !== 'string')
        return authError(400, 'validation_failed', 'Email and password are required')
      const { rows } = await db.admin.query<{ id: string }>(
        `select id::text from auth.users
          where lower(email) = lower($1) and encrypted_password = extensions.crypt($2, encrypted_password) and deleted_at is null`,
        [b.email, b.password],
      )
      const user = rows[0] ? await userRow('id = $1::uuid', rows[0].id) : null
      return user ? json(200, session(user, randomUUID())) : authError(400, 'invalid_credentials', 'Invalid login credentials')
    }
    if (path === '/auth/v1/token' && method === 'POST' && search.get('grant_type') === 'refresh_token') {
      const known = typeof b.refresh_token === 'string' ? refreshTokens.get(b.refresh_token) : undefined
      if (!known)
        return authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
      refreshTokens.delete(b.refresh_token as string)
      const user = await userRow('id = $1::uuid', known.userId)
      return user ? json(200, session(user, known.sessionId)) : authError(400, 'user_not_found', 'User not found')
    }
    if (path === '/auth/v1/logout' && method === 'POST') {
      if (!claims?.sub)
        return authError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
      for (const [token, s] of refreshTokens) {
        if (s.sessionId === claims.session_id || search.get('scope') === 'global')
          refreshTokens.delete(token)
      }
      return new Response(null, { status: 204 })
    }
    if (path === '/auth/v1/user' && method === 'GET') {
      const user = claims?.sub ? await userRow('id = $1::uuid', String(claims.sub)) : null
      return user ? json(200, user) : authError(401, 'bad_jwt', 'invalid JWT')
    }
    return authError(404, 'not_found', `${method} ${path} is not served by the test shim`)
  }

  const shimFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    const headers: Record<string, string> = {}
    new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((value, key) => {
      headers[key.toLowerCase()] = value
    })
    const text = typeof init.body === 'string' ? init.body : init.body == null ? '' : String(init.body)
    let body: unknown
    let badJson = false
    try {
      body = text === '' ? undefined : JSON.parse(text)
    }
    catch {
      badJson = true
    }
    const rpcMatch = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(url.pathname)
    const record: ShimRequest = { method, path: url.pathname, search: url.search, headers, body, fn: rpcMatch ? decodeURIComponent(rpcMatch[1]!) : null, claims: null, status: 0 }
    requests.push(record)

    // Bearer token -> claims, as PostgREST's JWT handling does; no token means the anon role.
    const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1]
    let claims: TestClaims | null = bearer ? jwtClaims(bearer) : { role: 'anon' }
    let response: Response
    if (bearer && !claims) {
      response = postgrestError(401, 'PGRST301', 'Expected 3 parts in JWT; got a malformed token')
    }
    else if (claims && typeof claims.exp === 'number' && claims.exp * 1000 < clock()) {
      claims = null
      response = postgrestError(401, 'PGRST303', 'JWT expired')
    }
    else if (badJson) {
      response = postgrestError(400, 'PGRST102', 'Empty or invalid json')
    }
    else if (record.fn !== null) {
      claims = { ...claims!, role: typeof claims!.role === 'string' ? claims!.role : 'anon' }
      response = await rpc(record.fn, method, url.pathname, headers, body ?? {}, claims)
    }
    else if (url.pathname.startsWith('/auth/v1/')) {
      response = await auth(url.pathname, url.searchParams, method, body, claims)
    }
    else if (TABLES.has(url.pathname.slice('/rest/v1/'.length))) {
      claims = { ...claims!, role: typeof claims!.role === 'string' ? claims!.role : 'anon' }
      response = await table(url.pathname.slice('/rest/v1/'.length), method, url, headers, body, claims)
    }
    else {
      response = postgrestError(404, 'PGRST125', `Invalid path specified in request URL: ${url.pathname} (the test shim serves RPCs and the tables in TABLES only)`)
    }
    record.claims = claims
    record.status = response.status
    return response
  }

  return {
    fetch: shimFetch as typeof fetch,
    requests,
    rpcRequests: () => requests.filter(r => r.fn !== null),
  }
}
