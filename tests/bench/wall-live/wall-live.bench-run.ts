// `npm run bench:wall-live`: from a write committed in the database to the wall showing it, through
// the Realtime stand-in, and the main-thread time the wall spends per incoming change.
//
// The Supabase build of the wall (signed in as the wall viewer) runs in Chromium 1920×1080 with its
// Realtime socket relayed to the stand-in (supabase/tests/harness/realtime-shim.ts) and its REST
// calls answered by the PostgREST stand-in, over the real migrated and seeded database. N cases
// (WALL_BENCH_N, default 60) are reported one after another by the township commander through the
// create_case RPC, each committed on its own, GAP_MS apart (longer than the wall's 150 ms
// coalescing window, so each is its own round). For each:
//   - committed: performance.timeOrigin + performance.now() in Node right after COMMIT returns;
//   - frame in page: the page's WebSocket 'message' event carrying the case's id (stamped by an
//     init script wrapping WebSocket);
//   - shown: a MutationObserver stamps the moment the case's line enters the running list's DOM.
// Page stamps are performance.timeOrigin + performance.now() too: the same machine clock.
// Main-thread time comes from a Chrome trace (toplevel tasks of the page's renderer main thread):
// the busy time from the frame's arrival to SETTLE_MS after the line is shown, less what the wall
// does anyway in the same time when nothing changes (measured first, over a quiet stretch), both
// as wall-clock time and as the main thread's CPU time (the trace's thread duration, which other
// processes on the shared cores do not stretch). The wall's own apply path (apply + Vue's render
// flush) is also timed in the page (__pinganWall.applyMs). WALL_BENCH_TRACE=file keeps the trace.
import type { Browser, Page } from 'playwright-core'
import type { TestDatabase } from '../../../supabase/tests/harness/db'
import type { PostgrestShim } from '../../../supabase/tests/harness/postgrest-shim'
import type { RealtimeShim } from '../../../supabase/tests/harness/realtime-shim'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEMO_USERS } from '~/demo'
import { demoUserEmail, toUuid } from '../../../supabase/seed/ids'
import { DEMO_PASSWORD } from '../../../supabase/seed/seedSql'
import { asRequest, callRpc } from '../../../supabase/tests/harness/db'
import { startRealtimeShim } from '../../../supabase/tests/harness/realtime-shim'
import { openSupabasePage, seededProject, signIn } from '../../browser-supabase/harness'
import { relayRealtime } from '../../browser-supabase/realtimeRelay'
import { appUrl, launchBrowser } from '../../browser/harness'

const N = Number(process.env.WALL_BENCH_N ?? 60)
const GAP_MS = 800
const SETTLE_MS = 500
const QUIET_MS = 20_000
const FRAME_MS = 1000 / 60
const COMMANDER = toUuid(DEMO_USERS.townshipCommander)
const VIEWER = toUuid(DEMO_USERS.wallViewer)

/** Installed before the app: stamps socket frames and new running-list lines. */
const INSTRUMENT = `(() => {
  const bench = window.__bench = { msgs: [], shown: {} }
  const stamp = () => ({ t: performance.now(), at: performance.timeOrigin + performance.now() })
  const Native = window.WebSocket
  const decoder = new TextDecoder()
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols)
      this.addEventListener('message', (e) => {
        // Stamped when the frame arrives; a binary frame (supabase-js's protocol 2) is read after.
        const at = stamp()
        const keep = (text) => {
          if (!text.includes('phx_reply'))
            bench.msgs.push({ ...at, text: text.slice(0, 2000) })
        }
        if (typeof e.data === 'string')
          keep(e.data)
        else if (e.data instanceof ArrayBuffer)
          keep(decoder.decode(e.data))
        else if (e.data instanceof Blob)
          e.data.arrayBuffer().then(b => keep(decoder.decode(b)))
      })
    }
  }
  const seen = (el) => {
    const key = el.getAttribute('data-key')
    const id = key && key.split(':')[0]
    if (id && !bench.shown[id]) {
      bench.shown[id] = { key, ...stamp() }
      // Tells the bench (page.exposeFunction) instead of being polled: polling would add tasks
      // to the very main thread being measured.
      window.__benchShown?.(id)
    }
  }
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      for (const n of m.addedNodes) {
        if (n.nodeType !== 1)
          continue
        if (n.matches('[data-testid=wall-events] li'))
          seen(n)
        else
          n.querySelectorAll('[data-testid=wall-events] li').forEach(seen)
      }
    }
    // The document itself: an init script runs before there is a documentElement.
  }).observe(document, { childList: true, subtree: true })
})()`

interface Stamp { t: number, at: number }
interface BenchWindow {
  __bench: { msgs: Array<Stamp & { text: string }>, shown: Record<string, Stamp & { key: string }> }
  __pinganWall: { applyMs: () => number[], applied: () => number }
  __pinganMap: import('maplibre-gl').Map
}
/** A Chrome trace event; `tdur` is the thread's CPU time in it (µs), unlike `dur` (wall clock). */
interface TraceEvent { name: string, cat: string, ph: string, ts: number, dur?: number, tdur?: number, pid: number, tid: number, args?: { name?: string } }

let db: TestDatabase
let shim: PostgrestShim
let realtime: RealtimeShim
let browser: Browser

beforeAll(async () => {
  ;({ db, shim } = await seededProject())
  realtime = await startRealtimeShim(db)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await realtime?.stop()
  await db?.drop()
})

/** Nearest-rank percentile of a sorted copy. */
function pct(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const t0 = performance.now()
  while (!(await ok())) {
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(r => setTimeout(r, 25))
  }
}

/**
 * The page renderer's main-thread top-level tasks, as merged [from, to] ms intervals on the page's
 * performance.now() timeline, and its requestAnimationFrame callbacks (FireAnimationFrame: MapLibre
 * draws the map in one) likewise.
 */
function mainThreadTasks(events: TraceEvent[], syncStartTime: number): { tasks: Array<[number, number]>, frames: Array<[number, number]>, cpu: (names: string[], from: number, to: number) => number } {
  const sync = events.find(e => e.name === 'wall-bench-sync' && e.cat.includes('blink.user_timing'))
  if (!sync)
    throw new Error('the trace holds no wall-bench-sync mark')
  const offset = sync.ts / 1000 - syncStartTime
  const main = events.find(e => e.ph === 'M' && e.name === 'thread_name' && e.pid === sync.pid && e.args?.name === 'CrRendererMain')
  const tid = main?.tid ?? sync.tid
  const intervals = (names: string[]) => {
    const sorted = events
      .filter(e => e.pid === sync.pid && e.tid === tid && e.ph === 'X' && names.includes(e.name) && e.dur !== undefined)
      .map(e => [e.ts / 1000 - offset, (e.ts + e.dur!) / 1000 - offset] as [number, number])
      .sort((a, b) => a[0] - b[0])
    const merged: Array<[number, number]> = []
    for (const t of sorted) {
      const last = merged.at(-1)
      if (last && t[0] <= last[1])
        last[1] = Math.max(last[1], t[1])
      else
        merged.push([...t])
    }
    return merged
  }
  // CPU time of the events of `names` starting in [from, to): what the main thread itself ran,
  // which other processes competing for the 2 cores do not stretch as they stretch wall-clock time.
  const cpu = (names: string[], from: number, to: number) => events
    .filter(e => e.pid === sync.pid && e.tid === tid && e.ph === 'X' && names.includes(e.name) && e.tdur !== undefined)
    .filter((e) => {
      const t = e.ts / 1000 - offset
      return t >= from && t < to
    })
    .reduce((sum, e) => sum + e.tdur! / 1000, 0)
  return { tasks: intervals(['RunTask', 'ThreadControllerImpl::RunTask']), frames: intervals(['FireAnimationFrame']), cpu }
}

function busy(tasks: Array<[number, number]>, from: number, to: number): { ms: number, longest: number } {
  let ms = 0
  let longest = 0
  for (const [a, b] of tasks) {
    const o = Math.min(b, to) - Math.max(a, from)
    if (o > 0) {
      ms += o
      longest = Math.max(longest, b - a)
    }
  }
  return { ms, longest }
}

const errors: string[] = []

/** Cases whose line the page reported shown, and who waits for which. */
const shownIds = new Set<string>()
const waiters = new Map<string, () => void>()

function shownOnWall(id: string, timeoutMs: number): Promise<void> {
  if (shownIds.has(id))
    return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`case ${id} not on the wall after ${timeoutMs} ms`)), timeoutMs)
    waiters.set(id, () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

async function openWall(): Promise<Page> {
  const s = await openSupabasePage(browser, shim, { width: 1920, height: 1080 })
  await s.page.exposeFunction('__benchShown', (id: string) => {
    shownIds.add(id)
    waiters.get(id)?.()
  })
  s.page.on('console', m => errors.push(`${m.type()}: ${m.text()}`))
  await relayRealtime(s.page, () => realtime.url)
  await s.page.addInitScript({ content: INSTRUMENT })
  await s.page.goto(appUrl('/wall'))
  await signIn(s.page, demoUserEmail(DEMO_USERS.wallViewer), DEMO_PASSWORD)
  await s.page.getByTestId('wall-events').locator('li').first().waitFor({ timeout: 60_000 })
  await until('the wall joined its topic', async () => realtime.joins.some(j => j.ok && j.sub === VIEWER), 30_000)
  await s.page.waitForFunction(() => {
    const m = (window as unknown as BenchWindow).__pinganMap
    return !!m && m.loaded() && !m.isMoving() && !!m.getLayer('case-points')
  }, undefined, { timeout: 120_000, polling: 250 })
  return s.page
}

it(`commit → wall for ${N} commits, and main-thread time per change`, async () => {
  const loadBefore = loadavg()
  const page = await openWall()
  // Settle: tiles, labels and the first chart frames of a fresh wall are not a change's cost.
  await page.waitForTimeout(5000)
  const { rows: places } = await db.admin.query<{ lng: number, lat: number }>(
    `select extensions.st_x(location) as lng, extensions.st_y(location) as lat from public.cases order by md5(id::text) limit $1`,
    [N],
  )
  expect(places).toHaveLength(N)

  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', 'devtools.timeline'] })
  const syncStartTime = await page.evaluate(() => performance.mark('wall-bench-sync').startTime)
  const quietFrom = await page.evaluate(() => performance.now())
  await page.waitForTimeout(QUIET_MS)
  const quietTo = await page.evaluate(() => performance.now())

  const commits: Array<{ id: string, committedAt: number, committedNode: number }> = []
  for (const [i, p] of places.entries()) {
    const created = await asRequest(db, { role: 'authenticated', sub: COMMANDER }, c => callRpc<{ id: string }>(c, 'create_case', {
      p_input: { categoryCode: '0101', title: `基准测试${i + 1}`, description: '基准测试上报。', source: 'patrol', urgent: false, location: [p.lng, p.lat], photoIds: [] },
    }), { commit: true })
    const committedNode = performance.now()
    commits.push({ id: created.id, committedAt: performance.timeOrigin + committedNode, committedNode })
    await shownOnWall(created.id, 15_000).catch(async (error: unknown) => {
      // Say where it stopped: at the stand-in, the socket, or the wall.
      const state = await page.evaluate((id) => {
        const w = window as unknown as BenchWindow
        return { frames: w.__bench.msgs.length, framesWithId: w.__bench.msgs.filter(m => m.text.includes(id)).length, applied: w.__pinganWall.applied(), lines: [...document.querySelectorAll('[data-testid=wall-events] li')].map(li => li.getAttribute('data-key')) }
      }, created.id)
      console.log(JSON.stringify({ id: created.id, delivered: realtime.deliveries.filter(d => JSON.stringify(d.payload).includes(created.id)).length, ...state, errors: errors.slice(0, 5) }))
      throw error
    })
    await new Promise(r => setTimeout(r, GAP_MS))
  }
  const traceBuffer = await browser.stopTracing()
  // WALL_BENCH_TRACE=file keeps the trace, to open in Chrome's Performance panel.
  if (process.env.WALL_BENCH_TRACE)
    writeFileSync(process.env.WALL_BENCH_TRACE, traceBuffer)
  const trace = JSON.parse(traceBuffer.toString('utf8')) as { traceEvents: TraceEvent[] }
  const got = await page.evaluate(() => {
    const w = window as unknown as BenchWindow
    return { msgs: w.__bench.msgs, shown: w.__bench.shown, applyMs: w.__pinganWall.applyMs() }
  })
  const loadAfter = loadavg()

  const { tasks, frames, cpu } = mainThreadTasks(trace.traceEvents, syncStartTime)
  const TASKS = ['RunTask', 'ThreadControllerImpl::RunTask']
  const idleCpuRate = cpu(TASKS, quietFrom, quietTo) / (quietTo - quietFrom)
  const idleFrameCpuRate = cpu(['FireAnimationFrame'], quietFrom, quietTo) / (quietTo - quietFrom)
  const quiet = busy(tasks, quietFrom, quietTo)
  const quietFrames = busy(frames, quietFrom, quietTo)
  const idleFrameRate = quietFrames.ms / (quietTo - quietFrom)
  const idleRate = quiet.ms / (quietTo - quietFrom)
  const rows = commits.map((c) => {
    const msg = got.msgs.find(m => m.at >= c.committedAt - 5 && m.text.includes(c.id))
    const shown = got.shown[c.id]!
    const sent = realtime.deliveries.find(d => JSON.stringify(d.payload).includes(c.id))
    const from = msg?.t ?? shown.t
    const to = shown.t + SETTLE_MS
    const b = busy(tasks, from, to)
    const f = busy(frames, from, to)
    const cpuAll = cpu(TASKS, from, to)
    const cpuFrames = cpu(['FireAnimationFrame'], from, to)
    return {
      cpuNet: Math.max(0, cpuAll - idleCpuRate * (to - from)),
      cpuFramesNet: Math.max(0, cpuFrames - idleFrameCpuRate * (to - from)),
      framesNet: Math.max(0, f.ms - idleFrameRate * (to - from)),
      toStandIn: sent ? sent.sentAt - c.committedNode : Number.NaN,
      toFrame: msg ? msg.at - c.committedAt : Number.NaN,
      toShown: shown.at - c.committedAt,
      mainRaw: b.ms,
      mainNet: Math.max(0, b.ms - idleRate * (to - from)),
      longest: b.longest,
    }
  })
  expect(rows.every(r => Number.isFinite(r.toFrame))).toBe(true)

  const line = (what: string, xs: number[], frames = false) => {
    const [p50, p95, max] = [pct(xs, 50), pct(xs, 95), Math.max(...xs)]
    return `| ${what} | ${p50.toFixed(1)} ms | ${p95.toFixed(1)} ms | ${max.toFixed(1)} ms | ${frames ? `${(p50 / FRAME_MS).toFixed(2)} / ${(p95 / FRAME_MS).toFixed(2)}` : ''} |`
  }
  // Where the main thread's CPU time per change went, by trace event (events nest: a TimerFire
  // holds its FunctionCall, so these overlap and are not to be summed).
  const KINDS = ['FireAnimationFrame', 'TimerFire', 'EventDispatch', 'FunctionCall', 'v8.callFunction', 'RunMicrotasks', 'MajorGC', 'MinorGC', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit']
  const windows = commits.map((c) => {
    const msg = got.msgs.find(m => m.at >= c.committedAt - 5 && m.text.includes(c.id))
    const shown = got.shown[c.id]!
    return [msg?.t ?? shown.t, shown.t + SETTLE_MS] as const
  })
  const byKind = KINDS.map((k) => {
    const idle = cpu([k], quietFrom, quietTo) / (quietTo - quietFrom)
    const per = windows.map(([from, to]) => Math.max(0, cpu([k], from, to) - idle * (to - from)))
    return `| ${k} | ${pct(per, 50).toFixed(1)} ms | ${pct(per, 95).toFixed(1)} ms |`
  })
  const applyMs = got.applyMs.slice(-N)
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  const report = [
    '# Wall live: commit → wall, and main-thread time per change',
    '',
    `Written by \`npm run bench:wall-live\` (tests/bench/wall-live/wall-live.bench-run.ts) at ${commit}, ${new Date().toISOString()}. `
    + `Supabase build of /wall, signed in as the wall viewer, Chromium 1920×1080 with WebGL on SwiftShader, its Realtime socket relayed to the stand-in `
    + `and REST to the PostgREST stand-in, over the migrated and seeded PostgreSQL. ${N} cases reported one at a time by the township commander `
    + `(create_case, each its own committed transaction, ${GAP_MS} ms apart). Load average (1/5/15 min) before ${loadBefore.map(x => x.toFixed(2)).join(' / ')}, `
    + `after ${loadAfter.map(x => x.toFixed(2)).join(' / ')} on 2 shared cores${loadBefore[0]! > 2 || loadAfter[0]! > 2 ? ' — the machine was loaded by other work during the run, so the times are high' : ''}.`,
    '',
    '| measure (per commit) | p50 | p95 | max | ÷ one frame (16.7 ms), p50 / p95 |',
    '|---|---:|---:|---:|---:|',
    line('commit → stand-in sent the broadcast (Node clock)', rows.map(r => r.toStandIn).filter(Number.isFinite)),
    line('commit → frame in the page\'s WebSocket', rows.map(r => r.toFrame)),
    line('**commit → the case\'s line in the wall\'s DOM**', rows.map(r => r.toShown)),
    line('**main thread per change**: all tasks from the frame to 500 ms after the line is shown, less the idle wall\'s', rows.map(r => r.mainNet), true),
    line('… of which requestAnimationFrame callbacks (MapLibre\'s render of the map), less the idle wall\'s', rows.map(r => r.framesNet), true),
    line('… and everything else (supabase-js, our apply and Vue render, charts, GC), less the idle wall\'s', rows.map(r => Math.max(0, r.mainNet - r.framesNet)), true),
    line('main thread per change, same window, nothing subtracted', rows.map(r => r.mainRaw), true),
    line('**main thread CPU time per change** (the tasks\' thread time, less the idle wall\'s)', rows.map(r => r.cpuNet), true),
    line('… of which requestAnimationFrame callbacks (MapLibre\'s render), CPU time', rows.map(r => r.cpuFramesNet), true),
    line('longest single task in that window', rows.map(r => r.longest), true),
    line('the wall\'s apply path (apply + Vue render flush), timed in the page', applyMs, true),
    '',
    'Main-thread CPU time per change by trace event (less the idle wall\'s; events nest, so the rows overlap):',
    '',
    '| trace event | p50 | p95 |',
    '|---|---:|---:|',
    ...byKind,
    '',
    `The idle wall (clock, countdowns, CSS pulses) kept the main thread busy ${(idleRate * 100).toFixed(1)} % of a ${(QUIET_MS / 1000).toFixed(0)} s quiet stretch before the commits; `
    + 'that share of each window is what is subtracted. The window holds the whole change: supabase-js handling the frame, the 150 ms coalescing wait, '
    + 'the refetch of the case over REST (answered by the stand-in in Node), applying it, Vue\'s render, the charts\' next frame and MapLibre\'s setData and re-render '
    + '(WebGL on SwiftShader, i.e. on the CPU in the GPU process: the main thread waits on it, which counts as wall-clock task time but not as its CPU time).',
    'Between the frame and the line the page mostly waits (the coalescing window and the REST round trip); main-thread time is the part it is not waiting.',
    '',
  ].join('\n')
  writeFileSync(join(import.meta.dirname, 'RESULTS.md'), report)
  console.log(report)
})
