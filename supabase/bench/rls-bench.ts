// Row-level security cost at county scale (issue 13): every role at every level it can see — a
// county admin, a township commander, a village chief and a grid worker asking grid_kpis for the
// county (region_kpis), a township, a village and a group — under RLS and, with the same
// arguments, as service_role (which bypasses RLS), and the same RPC counting every case row (the
// all-live kpis_under as it was before the kpi_daily aggregates, installed beside the current one
// as kpis_under_live, with grid_kpis and region_kpis copies calling it) under RLS; the grid tile
// function per zoom (p95, largest tile); measured side by side in one run on a throw-away
// PostgreSQL 15 (started like the database tests start theirs).
//
//   npx tsx supabase/bench/rls-bench.ts [--cases 1000000] [--runs 15]
//
// Prints Markdown tables: medians per call and the RLS/service ratio, with the targets.
import type { Claims } from '../tests/harness/db'
import type { CountyShape } from './countyData'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { isDeepStrictEqual } from 'node:util'
import pg from 'pg'
import { toUuid } from '../seed/ids'
import { buildSeedSql } from '../seed/seedSql'
import { createSchemaDatabase, MIGRATIONS_DIR, startServer, SUPABASE_DIR } from '../tests/harness/postgres'
import { benchGrids, COUNTY, generateCounty } from './countyData'

const DAY = 86_400_000

/** One measured call. */
export interface BenchRow {
  subject: string
  rpc: string
  /** Cases returned, or children in the KPI report. */
  rows: number
  rlsMs: number
  serviceMs: number
  ratio: number
  /** The same call under RLS counting every case row (no aggregates), when measured. */
  rawMs: number | null
}

/** Grid tiles of one zoom over the county. */
export interface TileRow {
  zoom: number
  tiles: number
  rlsMedianMs: number
  rlsP95Ms: number
  serviceP95Ms: number
  maxBytes: number
}

/** What a run measured, and on what. */
export interface BenchResult {
  grids: number
  cases: number
  runs: number
  rows: BenchRow[]
  tiles: TileRow[]
  setupSeconds: number
  /** kpi_daily recounted from the million cases (the bench loads them with triggers off). */
  rebuildSeconds: number
  kpiDailyRows: number
}

/** The median of some timings. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** The p-th percentile (nearest rank) of some timings. */
function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!
}

const USERS = {
  admin: 'bench-county-admin',
  commander: 'bench-township-commander',
  chief: 'bench-village-chief',
  worker: 'bench-grid-worker',
}

interface Call {
  subject: string
  claims: Claims
  rpc: string
  sql: string
  params: unknown[]
  count: (text: string) => number
  /** The same call counting every case row. */
  rawSql?: string
}

/** The CREATE FUNCTION statement of a generated schema file, up to its closing dollar quote. */
function createFunction(text: string): string {
  const start = text.indexOf('CREATE FUNCTION')
  const end = /^\$_?\$;$/m.exec(text.slice(start))!
  return text.slice(start, start + end.index + end[0].length)
}

// The raw path, measured in the same run: kpis_under as it was before the aggregates (from its
// migration: every case of the period counted live), renamed kpis_under_live, and today's
// grid_kpis and region_kpis (same lookups and visibility) as bench_*_raw calling it.
function rawPath(): string {
  const old = readFileSync(join(MIGRATIONS_DIR, '20261203200100_kpis_follow_the_grid.sql'), 'utf8')
  const start = old.indexOf('create function private.kpis_under(')
  const live = old.slice(start, old.indexOf('$$;', start) + 3).replace('private.kpis_under(', 'private.kpis_under_live(')
  const copy = (name: string, args: string) => {
    const text = readFileSync(join(SUPABASE_DIR, 'schema', 'current', 'functions', `public.${name}.sql`), 'utf8')
    return `${createFunction(text).replace(`public.${name}(`, `public.bench_${name}_raw(`).replace('private.kpis_under(', 'private.kpis_under_live(')};
      grant execute on function public.bench_${name}_raw(${args}) to authenticated, service_role;`
  }
  return `${live};
    grant execute on function private.kpis_under_live(extensions.lquery, extensions.ltree, integer, timestamptz, timestamptz, timestamptz) to authenticated, service_role;
    ${copy('grid_kpis', 'uuid, bigint, bigint, bigint')}
    ${copy('region_kpis', 'text, bigint, bigint, bigint')}`
}

function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = lat * Math.PI / 180
  return [Math.floor((lng + 180) / 360 * n), Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n)]
}

/** Times one statement inside a PostgREST-style transaction; returns ms and the raw result text. */
async function timed(client: pg.ClientBase, claims: Claims, sql: string, params: unknown[]): Promise<{ ms: number, text: string, bytes: number }> {
  await client.query('begin')
  try {
    await client.query('select set_config(\'role\', $1, true), set_config(\'request.jwt.claims\', $2, true)', [claims.role, JSON.stringify(claims)])
    const start = performance.now()
    const { rows } = await client.query<{ result: string }>(sql, params)
    const ms = performance.now() - start
    const result = rows[0]!.result as unknown
    return { ms, text: typeof result === 'string' ? result : '', bytes: Buffer.isBuffer(result) ? result.length : 0 }
  }
  finally {
    await client.query('rollback')
  }
}

/** Generates the county, runs every call `runs` times (after warm-up) and returns the medians. */
export async function runRlsBench(options: { cases?: number, runs?: number, log?: (line: string) => void } = {}): Promise<BenchResult> {
  const log = options.log ?? (() => {})
  const runs = options.runs ?? 15
  const shape: CountyShape = { ...COUNTY, cases: options.cases ?? COUNTY.cases }
  const setupStart = performance.now()
  const server = await startServer({
    shared_buffers: '1GB',
    work_mem: '64MB',
    maintenance_work_mem: '512MB',
    effective_cache_size: '4GB',
    max_wal_size: '8GB',
    // Supabase runs with JIT off; compiling plans would add tens of ms of noise here.
    jit: 'off',
  })
  try {
    log('migrating...')
    createSchemaDatabase(server, 'bench')
    const admin = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'bench' })
    const api = new pg.Client({ host: server.host, port: server.port, user: 'authenticator', database: 'bench' })
    await admin.connect()
    await api.connect()
    // Result JSON stays text: the client's JSON.parse is not what is measured.
    api.setTypeParser(114, (value: string) => value)
    try {
      await admin.query(buildSeedSql({ grids: [], roads: [], keyPlaces: [], patrolTeams: [], patrolRoutes: [], cameras: [], cases: [], staff: [], memberships: [], users: [] }))
      log(`generating ${shape.cases.toLocaleString('en')} cases...`)
      const counts = await generateCounty(admin, shape)
      const codes = benchGrids(shape)
      const ids = Object.fromEntries((await admin.query<{ code: string, id: string }>(
        'select code, id from public.grids where code = any($1)',
        [[codes.township, codes.village, codes.group]],
      )).rows.map(r => [r.code, r.id]))
      await admin.query(buildSeedSql({
        grids: [],
        roads: [],
        keyPlaces: [],
        patrolTeams: [],
        patrolRoutes: [],
        cameras: [],
        cases: [],
        staff: [],
        memberships: [],
        users: Object.values(USERS).map(id => ({ id })),
        categories: [],
        units: [],
      }))
      await admin.query(`insert into public.memberships (user_id, grid_id, role) values
        ($1, $4, 'township_commander'), ($2, $5, 'village_chief'), ($3, $6, 'grid_worker'), ($7, $4, 'county_admin')`, [toUuid(USERS.commander), toUuid(USERS.chief), toUuid(USERS.worker), ids[codes.township], ids[codes.village], ids[codes.group], toUuid(USERS.admin)])
      await admin.query(rawPath())
      await admin.query('update public.staff set user_id = $1 where grid_id = $2', [toUuid(USERS.worker), ids[codes.group]])
      // The loader bypassed the triggers that keep kpi_daily, so it is recounted once, as after any bulk load.
      const rebuildStart = performance.now()
      await admin.query('select private.kpi_daily_rebuild()')
      const rebuildSeconds = (performance.now() - rebuildStart) / 1000
      const kpiDailyRows = (await admin.query<{ n: number }>('select count(*)::int as n from private.kpi_daily')).rows[0]!.n
      log(`kpi_daily rebuilt: ${kpiDailyRows.toLocaleString('en')} rows (${rebuildSeconds.toFixed(1)} s)`)
      await admin.query('analyze')
      const setupSeconds = (performance.now() - setupStart) / 1000
      log(`ready: ${counts.grids.toLocaleString('en')} grids, ${counts.cases.toLocaleString('en')} cases (${setupSeconds.toFixed(0)} s)`)

      const period = { from: shape.anchor - 30 * DAY, to: shape.anchor }
      const boxes = Object.fromEntries((await admin.query<{ code: string, box: number[] }>(
        `select code, array[extensions.st_xmin(boundary), extensions.st_ymin(boundary), extensions.st_xmax(boundary), extensions.st_ymax(boundary)] as box
           from public.grids where code = any($1)`,
        [[codes.township, codes.village, codes.group]],
      )).rows.map(r => [r.code, r.box]))
      const claimsOf = (user: string) => ({ role: 'authenticated', sub: toUuid(user), aud: 'authenticated' }) as Claims
      const kpiCount = (text: string) => (JSON.parse(text) as { children: unknown[] }).children.length
      // Every role at every level it can see (its own root and each level below it).
      const levels = [['township', codes.township], ['village', codes.village], ['group', codes.group]] as const
      const subjects: Array<{ name: string, user: string, from: number }> = [
        { name: 'county admin', user: USERS.admin, from: 0 },
        { name: 'township commander', user: USERS.commander, from: 0 },
        { name: 'village chief', user: USERS.chief, from: 1 },
        { name: 'grid worker', user: USERS.worker, from: 2 },
      ]
      const calls: Call[] = []
      const regionSql = 'select public.region_kpis(p_region := $1, p_from := $2, p_to := $3, p_now := $4) as result'
      const regionRawSql = 'select public.bench_region_kpis_raw(p_region := $1, p_from := $2, p_to := $3, p_now := $4) as result'
      const gridSql = 'select public.grid_kpis(p_grid_id := $1, p_from := $2, p_to := $3, p_now := $4) as result'
      const gridRawSql = 'select public.bench_grid_kpis_raw(p_grid_id := $1, p_from := $2, p_to := $3, p_now := $4) as result'
      // The periods: whole China days ending at the anchor (00:00 +08:00), measured as at the
      // anchor; as the app asks (the last N days up to "now", here 10:30 China time: a partial day
      // at each end counted live); and the previous 30 days measured as at their end, as the
      // period-over-period comparison asks (every case closed since then counts as open there).
      const appNow = shape.anchor + 10.5 * 3_600_000
      for (const days of [30, 365]) {
        calls.push({
          subject: 'county admin',
          claims: claimsOf(USERS.admin),
          rpc: `region_kpis (county, ${days} days)`,
          sql: regionSql,
          rawSql: regionRawSql,
          params: [shape.county, shape.anchor - days * DAY, shape.anchor, shape.anchor],
          count: kpiCount,
        })
        for (const s of subjects) {
          for (const [level, code] of levels.slice(s.from)) {
            calls.push({
              subject: s.name,
              claims: claimsOf(s.user),
              rpc: `grid_kpis (${level}, ${days} days)`,
              sql: gridSql,
              rawSql: gridRawSql,
              params: [ids[code], shape.anchor - days * DAY, shape.anchor, shape.anchor],
              count: kpiCount,
            })
          }
        }
      }
      calls.push(
        {
          subject: 'county admin',
          claims: claimsOf(USERS.admin),
          rpc: 'region_kpis (county, 30 days to 10:30)',
          sql: regionSql,
          rawSql: regionRawSql,
          params: [shape.county, appNow - 30 * DAY, appNow, appNow],
          count: kpiCount,
        },
        {
          subject: 'county admin',
          claims: claimsOf(USERS.admin),
          rpc: 'region_kpis (county, previous 30 days)',
          sql: regionSql,
          rawSql: regionRawSql,
          params: [shape.county, shape.anchor - 60 * DAY, shape.anchor - 30 * DAY, shape.anchor - 30 * DAY],
          count: kpiCount,
        },
        {
          subject: 'township commander',
          claims: claimsOf(USERS.commander),
          rpc: 'grid_kpis (township, 365 days to 10:30)',
          sql: gridSql,
          rawSql: gridRawSql,
          params: [ids[codes.township], appNow - 365 * DAY, appNow, appNow],
          count: kpiCount,
        },
      )
      for (const [s, code] of [[subjects[1]!, codes.township], [subjects[2]!, codes.village], [subjects[3]!, codes.group]] as const) {
        calls.push({
          subject: s.name,
          claims: claimsOf(s.user),
          rpc: 'cases_in_view (grid bbox, 30 days)',
          sql: 'select public.cases_in_view(p_bbox := $1, p_from := $2, p_to := $3) as result',
          params: [boxes[code], period.from, period.to],
          count: (text: string) => (JSON.parse(text) as { cases: unknown[] }).cases.length,
        })
      }

      const SERVICE: Claims = { role: 'service_role' }
      const samples = calls.map(() => ({ rls: [] as number[], service: [] as number[], raw: [] as number[], rows: 0 }))
      for (let run = -3; run < runs; run++) {
        for (const [i, call] of calls.entries()) {
          // Alternate which side goes first so neither always meets the warmer cache.
          const sides = call.rawSql ? ['rls', 'service', 'raw'] as const : ['rls', 'service'] as const
          const order = run % 2 === 0 ? sides : [...sides].reverse()
          const answers: Partial<Record<typeof sides[number], string>> = {}
          for (const side of order) {
            const { ms, text } = await timed(api, side === 'service' ? SERVICE : call.claims, side === 'raw' ? call.rawSql! : call.sql, call.params)
            answers[side] = text
            if (run < 0)
              continue
            samples[i]![side].push(ms)
            if (side === 'rls')
              samples[i]!.rows = call.count(text)
          }
          // The aggregates must answer exactly what counting the rows answers, at this scale too.
          if (run === -3 && call.rawSql && !isDeepStrictEqual(JSON.parse(answers.rls!), JSON.parse(answers.raw!)))
            throw new Error(`${call.subject} ${call.rpc}: aggregated and raw answers differ\n${answers.rls}\n${answers.raw}`)
        }
      }
      const rows = calls.map((call, i) => {
        const s = samples[i]!
        const rlsMs = median(s.rls)
        const serviceMs = median(s.service)
        return { subject: call.subject, rpc: call.rpc, rows: s.rows, rlsMs, serviceMs, ratio: rlsMs / serviceMs, rawMs: s.raw.length > 0 ? median(s.raw) : null }
      })

      // Grid tiles: up to 40 tiles per zoom spread over the county (119.0–120.0 E, 29.0–29.8 N),
      // each as the county admin and as service_role, after one warm-up pass.
      const tiles: TileRow[] = []
      const tileSql = 'select public.grid_tile($1, $2, $3) as result'
      for (const zoom of [5, 7, 8, 9, 10, 11, 12, 13, 14]) {
        const [x0, y0] = tileOf(119.0, 29.8, zoom)
        const [x1, y1] = tileOf(120.0, 29.0, zoom)
        const all: Array<[number, number]> = []
        for (let x = x0; x <= x1; x++) {
          for (let y = y0; y <= y1; y++)
            all.push([x, y])
        }
        const step = Math.max(1, Math.ceil(all.length / 40))
        const sample = all.filter((_, i) => i % step === 0)
        const rls: number[] = []
        const service: number[] = []
        let maxBytes = 0
        for (let pass = -1; pass < Math.max(1, Math.floor(runs / 5)); pass++) {
          for (const [x, y] of sample) {
            const a = await timed(api, claimsOf(USERS.admin), tileSql, [zoom, x, y])
            const b = await timed(api, SERVICE, tileSql, [zoom, x, y])
            if (pass < 0)
              continue
            rls.push(a.ms)
            service.push(b.ms)
            maxBytes = Math.max(maxBytes, a.bytes)
          }
        }
        tiles.push({ zoom, tiles: sample.length, rlsMedianMs: median(rls), rlsP95Ms: percentile(rls, 0.95), serviceP95Ms: percentile(service, 0.95), maxBytes })
        log(`tiles z${zoom}: p95 ${percentile(rls, 0.95).toFixed(1)} ms, max ${(maxBytes / 1024).toFixed(1)} KB`)
      }
      return { grids: counts.grids, cases: counts.cases, runs, rows, tiles, setupSeconds, rebuildSeconds, kpiDailyRows }
    }
    finally {
      await Promise.all([admin.end(), api.end()])
    }
  }
  finally {
    server.stop()
  }
}

/** The result as the Markdown table the benchmark prints. */
export function formatBench(result: BenchResult): string {
  const lines = [
    `County: ${result.grids.toLocaleString('en')} grids in 4 levels, ${result.cases.toLocaleString('en')} cases over 365 days; medians of ${result.runs} runs each (after 3 warm-up runs), RLS and service_role interleaved.`,
    'Each call is one statement inside a PostgREST-style transaction (role and JWT claims set locally); time = send to last byte, JSON left unparsed.',
    `"raw" is the same RPC counting every case row (kpis_under before the aggregates), under RLS, interleaved; its answers were checked equal to the aggregated ones. kpi_daily: ${result.kpiDailyRows.toLocaleString('en')} rows, rebuilt from the cases in ${result.rebuildSeconds.toFixed(1)} s.`,
    '',
    '| subject | RPC | rows | RLS median (ms) | service_role median (ms) | RLS / service | raw, RLS (ms) | raw / aggregated | target |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  ]
  for (const r of result.rows) {
    const checks: string[] = []
    if (r.rpc.startsWith('region_kpis') && r.rpc.includes('30 days'))
      checks.push(r.rlsMs <= 100 ? '≤ 100 ms ✓' : '≤ 100 ms ✗')
    if (r.rpc.startsWith('grid_kpis (township') || (r.rpc.startsWith('cases_in_view (grid bbox') && r.subject === 'township commander'))
      checks.push(r.rlsMs <= 50 ? '≤ 50 ms ✓' : '≤ 50 ms ✗')
    checks.push(r.ratio <= 1.5 ? 'ratio ≤ 1.5 ✓' : 'ratio ≤ 1.5 ✗')
    const raw = r.rawMs === null ? '— | —' : `${r.rawMs.toFixed(1)} | ${(r.rawMs / r.rlsMs).toFixed(2)}`
    lines.push(`| ${r.subject} | ${r.rpc} | ${r.rows} | ${r.rlsMs.toFixed(1)} | ${r.serviceMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ${raw} | ${checks.join(', ')} |`)
  }
  lines.push('', 'Grid tiles (public.grid_tile) over the county, as the county admin (RLS) and as service_role:', '', '| zoom | tiles sampled | RLS median (ms) | RLS p95 (ms) | service_role p95 (ms) | largest tile (KB) | target |', '|---:|---:|---:|---:|---:|---:|---|')
  for (const t of result.tiles)
    lines.push(`| ${t.zoom} | ${t.tiles} | ${t.rlsMedianMs.toFixed(1)} | ${t.rlsP95Ms.toFixed(1)} | ${t.serviceP95Ms.toFixed(1)} | ${(t.maxBytes / 1024).toFixed(1)} | ${t.rlsP95Ms <= 50 ? 'p95 ≤ 50 ms ✓' : 'p95 ≤ 50 ms ✗'}, ${t.maxBytes <= 200 * 1024 ? '≤ 200 KB ✓' : '≤ 200 KB ✗'} |`)
  return lines.join('\n')
}

function option(name: string): number | undefined {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : Number(process.argv[i + 1])
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runRlsBench({ cases: option('--cases'), runs: option('--runs'), log: line => console.error(line) })
    .then(result => console.log(formatBench(result)))
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
