// Row-level security cost at county scale: the KPI-per-child-grid RPC and the cases-in-bbox RPC
// for a township commander, a village chief and a grid worker, each under RLS and, with the same
// arguments, as service_role (which bypasses RLS), measured side by side in one run on a
// throw-away PostgreSQL 15 (started like the database tests start theirs).
//
//   npx tsx supabase/bench/rls-bench.ts [--cases 1000000] [--runs 15]
//
// Prints a Markdown table: medians per call and the RLS/service ratio, with the targets
// (township commander ≤ 50 ms, ratio ≤ 1.5).
import type { Claims } from '../tests/harness/db'
import type { CountyShape } from './countyData'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { toUuid } from '../seed/ids'
import { buildSeedSql } from '../seed/seedSql'
import { createSchemaDatabase, startServer } from '../tests/harness/postgres'
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
}

/** What a run measured, and on what. */
export interface BenchResult {
  grids: number
  cases: number
  runs: number
  rows: BenchRow[]
  setupSeconds: number
}

/** The median of some timings. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const USERS = {
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
}

/** Times one statement inside a PostgREST-style transaction; returns ms and the raw result text. */
async function timed(client: pg.ClientBase, claims: Claims, sql: string, params: unknown[]): Promise<{ ms: number, text: string }> {
  await client.query('begin')
  try {
    await client.query('select set_config(\'role\', $1, true), set_config(\'request.jwt.claims\', $2, true)', [claims.role, JSON.stringify(claims)])
    const start = performance.now()
    const { rows } = await client.query<{ result: string }>(sql, params)
    const ms = performance.now() - start
    return { ms, text: rows[0]!.result }
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
        ($1, $4, 'township_commander'), ($2, $5, 'village_chief'), ($3, $6, 'grid_worker')`, [toUuid(USERS.commander), toUuid(USERS.chief), toUuid(USERS.worker), ids[codes.township], ids[codes.village], ids[codes.group]])
      await admin.query('update public.staff set user_id = $1 where grid_id = $2', [toUuid(USERS.worker), ids[codes.group]])
      await admin.query('analyze')
      const setupSeconds = (performance.now() - setupStart) / 1000
      log(`ready: ${counts.grids.toLocaleString('en')} grids, ${counts.cases.toLocaleString('en')} cases (${setupSeconds.toFixed(0)} s)`)

      const period = { from: shape.anchor - 30 * DAY, to: shape.anchor }
      const boxes = Object.fromEntries((await admin.query<{ code: string, box: number[] }>(
        `select code, array[extensions.st_xmin(boundary), extensions.st_ymin(boundary), extensions.st_xmax(boundary), extensions.st_ymax(boundary)] as box
           from public.grids where code = any($1)`,
        [[codes.township, codes.village, codes.group]],
      )).rows.map(r => [r.code, r.box]))
      const subjects: Array<{ name: string, user: string, code: string }> = [
        { name: 'township commander', user: USERS.commander, code: codes.township },
        { name: 'village chief', user: USERS.chief, code: codes.village },
        { name: 'grid worker', user: USERS.worker, code: codes.group },
      ]
      const calls: Call[] = subjects.flatMap(s => [
        {
          subject: s.name,
          claims: { role: 'authenticated', sub: toUuid(s.user), aud: 'authenticated' } as Claims,
          rpc: 'grid_kpis (30 days)',
          sql: 'select public.grid_kpis(p_grid_id := $1, p_from := $2, p_to := $3, p_now := $4) as result',
          params: [ids[s.code], period.from, period.to, shape.anchor],
          count: (text: string) => (JSON.parse(text) as { children: unknown[] }).children.length,
        },
        {
          subject: s.name,
          claims: { role: 'authenticated', sub: toUuid(s.user), aud: 'authenticated' } as Claims,
          rpc: 'grid_kpis (365 days)',
          sql: 'select public.grid_kpis(p_grid_id := $1, p_from := $2, p_to := $3, p_now := $4) as result',
          params: [ids[s.code], shape.anchor - 365 * DAY, shape.anchor, shape.anchor],
          count: (text: string) => (JSON.parse(text) as { children: unknown[] }).children.length,
        },
        {
          subject: s.name,
          claims: { role: 'authenticated', sub: toUuid(s.user), aud: 'authenticated' } as Claims,
          rpc: 'cases_in_view (grid bbox, 30 days)',
          sql: 'select public.cases_in_view(p_bbox := $1, p_from := $2, p_to := $3) as result',
          params: [boxes[s.code], period.from, period.to],
          count: (text: string) => (JSON.parse(text) as unknown[]).length,
        },
      ])

      const SERVICE: Claims = { role: 'service_role' }
      const samples = calls.map(() => ({ rls: [] as number[], service: [] as number[], rows: 0, serviceRows: 0 }))
      for (let run = -3; run < runs; run++) {
        for (const [i, call] of calls.entries()) {
          // Alternate which side goes first so neither always meets the warmer cache.
          const order = run % 2 === 0 ? ['rls', 'service'] as const : ['service', 'rls'] as const
          for (const side of order) {
            const { ms, text } = await timed(api, side === 'rls' ? call.claims : SERVICE, call.sql, call.params)
            if (run < 0)
              continue
            samples[i]![side].push(ms)
            if (side === 'rls')
              samples[i]!.rows = call.count(text)
            else
              samples[i]!.serviceRows = call.count(text)
          }
        }
      }
      const rows = calls.map((call, i) => {
        const s = samples[i]!
        const rlsMs = median(s.rls)
        const serviceMs = median(s.service)
        return { subject: call.subject, rpc: call.rpc, rows: s.rows, rlsMs, serviceMs, ratio: rlsMs / serviceMs }
      })
      return { grids: counts.grids, cases: counts.cases, runs, rows, setupSeconds }
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
    '',
    '| subject | RPC | rows | RLS median (ms) | service_role median (ms) | RLS / service | target |',
    '|---|---|---:|---:|---:|---:|---|',
  ]
  for (const r of result.rows) {
    const checks: string[] = []
    if (r.subject === 'township commander')
      checks.push(r.rlsMs <= 50 ? '≤ 50 ms ✓' : '≤ 50 ms ✗')
    checks.push(r.ratio <= 1.5 ? 'ratio ≤ 1.5 ✓' : 'ratio ≤ 1.5 ✗')
    lines.push(`| ${r.subject} | ${r.rpc} | ${r.rows} | ${r.rlsMs.toFixed(1)} | ${r.serviceMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ${checks.join(', ')} |`)
  }
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
