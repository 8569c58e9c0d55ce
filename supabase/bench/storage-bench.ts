// Listing the case-photos bucket at 20,000 objects (issue 7, "photos"): a county admin, a township
// commander and a grid worker list the bucket through Storage's own listing (storage.search, which
// runs under the caller's row-level security) and read every visible object row, under the
// policies of the migrations and, in the same run on the same rows, under the policy they replaced
// (`name = any(cases.photo_ids)`, dropped and re-created inside a rolled-back transaction), and as
// service_role (no RLS). Half of the objects are attached to cases (case_photos), half are
// uploads not yet attached.
//
//   npx tsx supabase/bench/storage-bench.ts [--objects 20000] [--runs 15] [--naive-runs 1]
//
// Prints a Markdown table with the target (county admin ≤ 100 ms).
import type { Claims } from '../tests/harness/db'
import type { CountyShape } from './countyData'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { toUuid } from '../seed/ids'
import { buildSeedSql } from '../seed/seedSql'
import { createSchemaDatabase, startServer } from '../tests/harness/postgres'
import { benchGrids, COUNTY, generateCounty } from './countyData'
import { median } from './rls-bench'

const NAIVE_POLICY = `create policy case_photos_select on storage.objects for select to authenticated
  using (bucket_id = 'case-photos' and exists (select 1 from public.cases c where storage.objects.name = any (c.photo_ids)))`

const USERS = { admin: 'bench-county-admin', commander: 'bench-township-commander', worker: 'bench-grid-worker' }

interface StorageRow { subject: string, call: string, rows: number, rlsMs: number, naiveMs: number, serviceMs: number }

export async function runStorageBench(options: { objects?: number, runs?: number, naiveRuns?: number, log?: (line: string) => void } = {}): Promise<{ objects: number, cases: number, runs: number, naiveRuns: number, rows: StorageRow[] }> {
  const log = options.log ?? (() => {})
  const objects = options.objects ?? 20_000
  const runs = options.runs ?? 15
  const naiveRuns = options.naiveRuns ?? 1
  // A county of 4 townships with one case per attached photo (the listing cost grows with both).
  const shape: CountyShape = { ...COUNTY, townships: 4, cases: objects / 2 }
  const server = await startServer({ shared_buffers: '512MB', work_mem: '64MB', jit: 'off' })
  try {
    log('migrating...')
    createSchemaDatabase(server, 'bench')
    const admin = new pg.Client({ host: server.host, port: server.port, user: 'postgres', database: 'bench' })
    const api = new pg.Client({ host: server.host, port: server.port, user: 'authenticator', database: 'bench' })
    await admin.connect()
    await api.connect()
    try {
      const empty = { grids: [], roads: [], keyPlaces: [], patrolTeams: [], patrolRoutes: [], cameras: [], cases: [], staff: [], memberships: [] }
      await admin.query(buildSeedSql({ ...empty, users: [] }))
      const counts = await generateCounty(admin, shape)
      const codes = benchGrids(shape)
      await admin.query(buildSeedSql({ ...empty, users: Object.values(USERS).map(id => ({ id })), categories: [], units: [] }))
      await admin.query(`insert into public.memberships (user_id, grid_id, role)
        select $1::uuid, id, 'county_admin'::public.app_role from public.grids where code = $4
        union all select $2::uuid, id, 'township_commander'::public.app_role from public.grids where code = $4
        union all select $3::uuid, id, 'grid_worker'::public.app_role from public.grids where code = $5`, [toUuid(USERS.admin), toUuid(USERS.commander), toUuid(USERS.worker), codes.township, codes.group])
      log(`uploading ${objects.toLocaleString('en')} objects...`)
      // Uploaders: the county's 100 first workers' pseudo-logins; names as the insert policy demands.
      await admin.query(`insert into storage.objects (bucket_id, name, owner, owner_id, metadata)
        select 'case-photos', u::text || '/' || gen_random_uuid()::text || '.jpg', u, u::text,
               jsonb_build_object('mimetype', 'image/jpeg', 'contentLength', 200000)
        from (select i, ('00000000-0000-4000-8000-' || lpad((i % 100)::text, 12, '0'))::uuid as u from generate_series(1, $1) i) s`, [objects])
      // Attach every other object to one case, in photo_ids (what the old policy read) and case_photos.
      await admin.query(`with o as (select name, split_part(name, '/', 1)::uuid as uploader, row_number() over (order by name) as n from storage.objects),
             c as (select id, row_number() over (order by id) as n from public.cases)
        , attached as (insert into public.case_photos (object_name, case_id, uploader_id, position)
             select o.name, c.id, o.uploader, 0 from o join c on c.n = (o.n + 1) / 2 where o.n % 2 = 1 returning object_name, case_id)
        update public.cases set photo_ids = array[a.object_name] from attached a where a.case_id = cases.id`)
      await admin.query('analyze')
      log(`ready: ${counts.grids.toLocaleString('en')} grids, ${counts.cases.toLocaleString('en')} cases`)

      const claims = (user: string): Claims => ({ role: 'authenticated', sub: toUuid(user), aud: 'authenticated' } as Claims)
      const calls = [
        { call: 'storage.search (first 100 of the bucket root)', sql: `select count(*)::int as n from storage.search('', 'case-photos', 100, 1, 0)` },
        { call: 'select every visible object row', sql: `select count(*)::int as n from (select name, metadata from storage.objects where bucket_id = 'case-photos') s` },
      ]
      const subjects = [{ subject: 'county admin', user: USERS.admin }, { subject: 'township commander', user: USERS.commander }, { subject: 'grid worker', user: USERS.worker }]
      const measure = async (who: Claims, sql: string, naive: boolean): Promise<{ ms: number, n: number }> => {
        await admin.query('begin')
        await api.query('begin')
        try {
          if (naive) {
            // A policy swapped in an open transaction is seen only by that transaction: swap it on
            // the superuser's connection and read there, switched to the API role as PostgREST does.
            await admin.query('drop policy case_photos_select on storage.objects')
            await admin.query(NAIVE_POLICY)
            await admin.query('select set_config(\'role\', $1, true), set_config(\'request.jwt.claims\', $2, true)', [who.role, JSON.stringify(who)])
            const start = performance.now()
            const { rows } = await admin.query<{ n: number }>(sql)
            return { ms: performance.now() - start, n: rows[0]!.n }
          }
          await api.query('select set_config(\'role\', $1, true), set_config(\'request.jwt.claims\', $2, true)', [who.role, JSON.stringify(who)])
          const start = performance.now()
          const { rows } = await api.query<{ n: number }>(sql)
          return { ms: performance.now() - start, n: rows[0]!.n }
        }
        finally {
          await api.query('rollback')
          await admin.query('rollback')
        }
      }
      const rows: StorageRow[] = []
      for (const s of subjects) {
        for (const c of calls) {
          const rls: number[] = []
          const service: number[] = []
          const naive: number[] = []
          let n = 0
          for (let run = -3; run < runs; run++) {
            const a = await measure(claims(s.user), c.sql, false)
            const b = await measure({ role: 'service_role' }, c.sql, false)
            if (run >= 0) {
              rls.push(a.ms)
              service.push(b.ms)
              n = a.n
            }
          }
          // The replaced policy is quadratic (minutes at 20,000 objects): timed for the county admin only.
          for (let run = 0; run < (s.user === USERS.admin ? naiveRuns : 0); run++)
            naive.push((await measure(claims(s.user), c.sql, true)).ms)
          rows.push({ subject: s.subject, call: c.call, rows: n, rlsMs: median(rls), naiveMs: naive.length > 0 ? median(naive) : Number.NaN, serviceMs: median(service) })
          log(`${s.subject}: ${c.call} done`)
        }
      }
      return { objects, cases: counts.cases, runs, naiveRuns, rows }
    }
    finally {
      await Promise.all([admin.end(), api.end()])
    }
  }
  finally {
    server.stop()
  }
}

export function formatStorageBench(r: Awaited<ReturnType<typeof runStorageBench>>): string {
  const lines = [
    `Bucket case-photos: ${r.objects.toLocaleString('en')} objects (half attached to ${r.cases.toLocaleString('en')} cases of a 4-township county), medians of ${r.runs} runs (after 3 warm-up runs); the replaced policy (county admin only): ${r.naiveRuns} run(s).`,
    '',
    '| subject | call | rows | policy now (ms) | replaced policy `name = any(photo_ids)` (ms) | service_role (ms) | replaced / now | target |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ]
  for (const x of r.rows) {
    const target = x.subject === 'county admin' ? (x.rlsMs < 100 ? '< 100 ms ✓' : '< 100 ms ✗') : ''
    lines.push(`| ${x.subject} | ${x.call} | ${x.rows} | ${x.rlsMs.toFixed(1)} | ${Number.isNaN(x.naiveMs) ? '—' : x.naiveMs.toFixed(1)} | ${x.serviceMs.toFixed(1)} | ${Number.isNaN(x.naiveMs) ? '—' : `${(x.naiveMs / x.rlsMs).toFixed(0)}×`} | ${target} |`)
  }
  return lines.join('\n')
}

function option(name: string): number | undefined {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : Number(process.argv[i + 1])
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runStorageBench({ objects: option('--objects'), runs: option('--runs'), naiveRuns: option('--naive-runs'), log: line => console.error(line) })
    .then(result => console.log(formatStorageBench(result)))
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
