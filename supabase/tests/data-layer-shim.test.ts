// The PostgREST shim the data-layer tests run on behaves as PostgREST does on the points those
// tests rely on: per-request role and claims, function lookup by argument names, result shapes,
// read-only transactions for STABLE functions, and PostgREST's error JSON and HTTP statuses.
import type { TestDatabase } from './harness/db'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { TEST_ANON_KEY, testJwt } from '~/data/supabase/__fixtures__/jwt'
import { demoUserEmail, toUuid } from '../seed/ids'
import { DEMO_PASSWORD } from '../seed/seedSql'
import { fixtureTerritory, USERS } from './fixtures/territory'
import { createTestDatabase, loadDataset } from './harness/db'
import { createPostgrestShim, httpStatusOfSqlState } from './harness/postgrest-shim'

const BASE = 'http://shim.test'
const USER = toUuid(USERS.commander)
const userToken = testJwt({ role: 'authenticated', sub: USER, email: demoUserEmail(USERS.commander), aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 600 })

let db: TestDatabase
let shim: ReturnType<typeof createPostgrestShim>

beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, fixtureTerritory())
  // Probe functions with every return shape PostgREST distinguishes, granted like the real RPCs.
  await db.admin.query(`
    create table public.shim_probe_log (n int);
    grant insert, select on public.shim_probe_log to authenticated;
    create function public.shim_whoami() returns json language sql stable as
      $$ select json_build_object('user', current_user, 'claims', current_setting('request.jwt.claims', true)::json,
                                  'method', current_setting('request.method', true), 'path', current_setting('request.path', true),
                                  'search_path', current_setting('search_path'), 'read_only', current_setting('transaction_read_only')) $$;
    create function public.shim_rows(p_n int, p_label text default 'row') returns table (n int, label text) language sql stable as
      $$ select g, p_label || g from generate_series(1, p_n) g $$;
    create function public.shim_numbers(p_n int) returns setof int language sql stable as $$ select generate_series(1, p_n) $$;
    create function public.shim_write(p_n int) returns void language sql volatile as $$ insert into public.shim_probe_log values (p_n) $$;
    -- STABLE, but writes through a volatile function: only a read-only transaction stops it.
    create function public.shim_write_stable(p_n int) returns int language plpgsql stable as
      $$ begin perform public.shim_write(p_n); return p_n; end $$;
    create function public.shim_raise() returns int language plpgsql stable as
      $$ begin raise exception 'refused: %', 'because' using hint = 'ask the chief'; end $$;
    revoke all on function public.shim_whoami(), public.shim_rows(int, text), public.shim_numbers(int), public.shim_write(int), public.shim_write_stable(int), public.shim_raise() from public, anon;
    grant execute on function public.shim_whoami(), public.shim_rows(int, text), public.shim_numbers(int), public.shim_write(int), public.shim_write_stable(int), public.shim_raise() to authenticated;
  `)
  shim = createPostgrestShim(db)
})
afterAll(async () => db?.drop())

async function post(fn: string, body: unknown, token: string | null = userToken, headers: Record<string, string> = {}) {
  const res = await shim.fetch(`${BASE}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'apikey': TEST_ANON_KEY, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) as unknown }
}

describe('per request, as PostgREST', () => {
  it('switches to the token\'s role and sets its claims, method, path and search path', async () => {
    const { status, json } = await post('shim_whoami', {})
    expect(status).toBe(200)
    expect(json).toMatchObject({
      user: 'authenticated',
      claims: { role: 'authenticated', sub: USER },
      method: 'POST',
      path: '/rest/v1/rpc/shim_whoami',
      search_path: '"public", "extensions"',
      read_only: 'on',
    })
  })

  it('runs with the anon role when the token has none, and refuses with 401', async () => {
    expect(await post('shim_whoami', {}, TEST_ANON_KEY)).toMatchObject({ status: 401, json: { code: '42501' } })
    expect(await post('shim_whoami', {}, null)).toMatchObject({ status: 401, json: { code: '42501' } })
  })

  it('refuses an expired or malformed token before the database', async () => {
    const expired = testJwt({ role: 'authenticated', sub: USER, exp: Math.floor(Date.now() / 1000) - 1 })
    expect(await post('shim_whoami', {}, expired)).toMatchObject({ status: 401, json: { code: 'PGRST303' } })
    expect(await post('shim_whoami', {}, 'not-a-jwt')).toMatchObject({ status: 401, json: { code: 'PGRST301' } })
  })
})

describe('finding the function', () => {
  it('by its argument names: an unknown one or a missing required one is 404 PGRST202', async () => {
    expect(await post('shim_rows', { p_n: 2, p_colour: 'red' })).toMatchObject({ status: 404, json: { code: 'PGRST202' } })
    expect(await post('shim_rows', { p_label: 'x' })).toMatchObject({ status: 404, json: { code: 'PGRST202' } })
    expect(await post('no_such_function', {})).toMatchObject({ status: 404, json: { code: 'PGRST202' } })
  })

  it('passes arguments by name, typed by the signature, with defaults for the rest', async () => {
    expect((await post('shim_rows', { p_n: 2 })).json).toEqual([{ n: 1, label: 'row1' }, { n: 2, label: 'row2' }])
    expect((await post('shim_rows', { p_label: 'r', p_n: 1 })).json).toEqual([{ n: 1, label: 'r1' }])
  })
})

describe('result shapes', () => {
  it('a set of rows is an array of objects, a set of scalars an array of values, a scalar the value, void a 204', async () => {
    expect((await post('shim_rows', { p_n: 0 })).json).toEqual([])
    expect((await post('shim_numbers', { p_n: 3 })).json).toEqual([1, 2, 3])
    expect((await post('grid_lineage', { p_grid_id: toUuid('grid-nowhere') })).json).toEqual({ type: 'FeatureCollection', features: [] })
    expect(await post('shim_write', { p_n: 1 })).toEqual({ status: 204, json: undefined })
  })
})

describe('transactions', () => {
  it('sTABLE functions run read-only (25006 is 405); volatile ones commit, unless Prefer: tx=rollback', async () => {
    expect(await post('shim_write_stable', { p_n: 7 })).toMatchObject({ status: 405, json: { code: '25006' } })
    await post('shim_write', { p_n: 8 })
    await post('shim_write', { p_n: 9 }, userToken, { Prefer: 'tx=rollback' })
    const { rows } = await db.admin.query<{ n: number }>('select n from public.shim_probe_log where n between 7 and 9 order by n')
    expect(rows.map(r => r.n)).toEqual([8])
  })
})

describe('errors', () => {
  it('are PostgREST\'s JSON: code, message, details, hint', async () => {
    expect(await post('shim_raise', {})).toEqual({ status: 400, json: { code: 'P0001', message: 'refused: because', details: null, hint: 'ask the chief' } })
  })

  it('map SQLSTATEs to PostgREST\'s HTTP statuses', () => {
    expect(httpStatusOfSqlState('42501', 'authenticated')).toBe(403)
    expect(httpStatusOfSqlState('42501', 'anon')).toBe(401)
    expect(httpStatusOfSqlState('23505', 'authenticated')).toBe(409)
    expect(httpStatusOfSqlState('P0001', 'authenticated')).toBe(400)
    expect(httpStatusOfSqlState('P0002', 'authenticated')).toBe(500)
    expect(httpStatusOfSqlState('22023', 'authenticated')).toBe(400)
    expect(httpStatusOfSqlState('08006', 'authenticated')).toBe(503)
    expect(httpStatusOfSqlState('42883', 'authenticated')).toBe(404)
  })

  it('a path the shim does not serve is 404, so a table read would show up in a test', async () => {
    const res = await shim.fetch(`${BASE}/rest/v1/grids?select=*`, { headers: { Authorization: `Bearer ${userToken}` } })
    expect(res.status).toBe(404)
  })
})

describe('supabase Auth endpoints', () => {
  it('a password grant checks the bcrypt hash and returns a session whose token carries the user\'s claims', async () => {
    const res = await shim.fetch(`${BASE}/auth/v1/token?grant_type=password`, { method: 'POST', body: JSON.stringify({ email: demoUserEmail(USERS.commander), password: DEMO_PASSWORD }) })
    const session = await res.json() as { access_token: string, refresh_token: string, user: { id: string } }
    expect(res.status).toBe(200)
    expect(session.user.id).toBe(USER)
    const { json } = await post('shim_whoami', {}, session.access_token)
    expect(json).toMatchObject({ claims: { role: 'authenticated', sub: USER, email: demoUserEmail(USERS.commander) } })

    const refreshed = await shim.fetch(`${BASE}/auth/v1/token?grant_type=refresh_token`, { method: 'POST', body: JSON.stringify({ refresh_token: session.refresh_token }) })
    expect(refreshed.status).toBe(200)
    const reused = await shim.fetch(`${BASE}/auth/v1/token?grant_type=refresh_token`, { method: 'POST', body: JSON.stringify({ refresh_token: session.refresh_token }) })
    expect(reused.status).toBe(400)
  })

  it('a wrong password is 400 invalid_credentials', async () => {
    const res = await shim.fetch(`${BASE}/auth/v1/token?grant_type=password`, { method: 'POST', body: JSON.stringify({ email: demoUserEmail(USERS.commander), password: 'nope' }) })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' })
  })
})
