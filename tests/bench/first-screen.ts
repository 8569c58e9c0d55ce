// `npm run bench:first-screen`: the app's first screen against a bare MapLibre page drawing the same
// layers and data (tests/bench/first-screen/), side by side in one Chromium, medians of several
// cold loads each. Also: switching a layer off, hovering grids, and the JavaScript each screen
// downloads (the demo build, and the sign-in screen of the Supabase build). Results are written to
// tests/bench/first-screen.RESULTS.md.
//
//   --runs N         cold loads per page and scenario (default 7)
//   --app-dist DIR   measure an already built app (e.g. an older commit's dist/) instead of building
//   --no-write       print only
import type { Browser, Page } from 'playwright-core'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, preview } from 'vite'
import { launchBrowser } from '../support/chromium'
import { INIT_SCRIPT } from './first-screen/instrument'

const args = process.argv.slice(2)
function opt(name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const RUNS = Number(opt('--runs') ?? 7)
const VIEWPORT = { width: 1440, height: 900 }
const root = new URL('../..', import.meta.url).pathname
const alias = { '~': join(root, 'src') }

async function buildApp(outDir: string, env: Record<string, string> = {}): Promise<void> {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  }
  finally {
    process.env = saved
  }
}

async function buildBare(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: join(root, 'tests/bench/first-screen'),
    resolve: { alias },
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  })
}

async function serve(outDir: string): Promise<{ url: string, close: () => Promise<void> }> {
  const server = await preview({ configFile: false, root, build: { outDir }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' })
  return { url: server.resolvedUrls!.local[0]!.replace(/\/$/, ''), close: () => server.close() }
}

interface Load { map: number, complete: number, figures: number | null, js: number }

async function coldLoad(browser: Browser, url: string, wantFigures: boolean): Promise<{ page: Page, load: Load, close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' })
  await context.addInitScript({ content: INIT_SCRIPT })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(url)
  await page.waitForFunction((figures) => {
    const m = (window as unknown as { __bench: { marks: Record<string, number> } }).__bench.marks
    return m.complete !== undefined && (!figures || m.figures !== undefined)
  }, wantFigures, { timeout: 90_000, polling: 50 })
  if (errors.length > 0)
    throw new Error(`${url}: ${errors.join('; ')}`)
  const load = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { marks: Record<string, number>, js: () => number } }).__bench
    return { map: b.marks.map!, complete: b.marks.complete!, figures: b.marks.figures ?? null, js: b.js() }
  })
  return { page, load, close: () => context.close() }
}

/** Screen positions of the villages' label points, for hovering from one to the next. */
async function villagePixels(page: Page): Promise<Array<{ x: number, y: number }>> {
  return page.evaluate(() => {
    const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
    const r = m.getCanvas().getBoundingClientRect()
    return m.querySourceFeatures('grid-labels', { filter: ['==', ['get', 'level'], 2] })
      .filter((f, i, all) => all.findIndex(o => o.id === f.id) === i)
      .slice(0, 12)
      .map((f) => {
        const p = m.project((f.geometry as GeoJSON.Point).coordinates as [number, number])
        return { x: r.left + p.x, y: r.top + p.y }
      })
      .filter(p => p.x < r.right - 460)
  })
}

async function hover(page: Page): Promise<number> {
  const points = await villagePixels(page)
  const steps: number[] = []
  for (let i = 0; i < 12; i++) {
    const p = points[i % points.length]!
    steps.push(await page.evaluate(([x, y]) => (window as unknown as { __hoverStep: (x: number, y: number) => Promise<number> }).__hoverStep(x, y), [p.x, p.y] as const))
  }
  return median(steps)
}

async function toggleRoads(page: Page, bare: boolean): Promise<number> {
  const gone = (): boolean => {
    const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
    return !m.getLayer('roads-main') || m.getLayoutProperty('roads-main', 'visibility') === 'none'
  }
  const wait = page.evaluate(`window.__untilIdle(${gone.toString()})`) as Promise<number>
  if (bare)
    await page.evaluate(() => (window as unknown as { __toggleRoads: () => void }).__toggleRoads())
  else
    await page.locator('[data-layer=roads]').uncheck()
  return wait
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function jsOf(dir: string): Array<{ file: string, raw: number, gzip: number }> {
  const assets = join(dir, 'assets')
  return readdirSync(assets).filter(f => /\.m?js$/.test(f)).map((f) => {
    const bytes = readFileSync(join(assets, f))
    return { file: f, raw: statSync(join(assets, f)).size, gzip: gzipSync(bytes, { level: 9 }).length }
  })
}

/** The entry chunk of a build: the script index.html loads first. */
function entryChunk(dir: string): { file: string, raw: number, gzip: number } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  const src = /<script type="module"[^>]*src="\/assets\/([^"]+)"/.exec(html)![1]!
  return jsOf(dir).find(c => c.file === src)!
}

/** What the sign-in screen of the Supabase build downloads before anyone has signed in. */
async function signInScreenJs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' })
  await context.addInitScript({ content: INIT_SCRIPT })
  const page = await context.newPage()
  // The project URL of the build is unreachable on purpose: the sign-in screen must not need it.
  await page.route('http://supabase.invalid/**', r => r.abort())
  await page.goto(url)
  await page.waitForSelector('form input[type=password]', { timeout: 60_000 })
  await page.waitForLoadState('networkidle')
  const js = await page.evaluate(() => (window as unknown as { __bench: { js: () => number } }).__bench.js())
  await context.close()
  return js
}

const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`
const ms = (n: number): string => `${n.toFixed(0)} ms`

const appDir = opt('--app-dist') ?? join(root, 'dist-bench/app')
const bareDir = join(root, 'dist-bench/bare')
const supabaseDir = join(root, 'dist-bench/app-supabase')
if (!opt('--app-dist'))
  await buildApp(appDir)
await buildBare(bareDir)
await buildApp(supabaseDir, { VITE_SUPABASE_URL: 'http://supabase.invalid', VITE_SUPABASE_ANON_KEY: 'bench' })

const app = await serve(appDir)
const bare = await serve(bareDir)
const supabase = await serve(supabaseDir)
const browser = await launchBrowser()

let signInJs = 0
const results = { app: [] as Load[], bare: [] as Load[], hoverApp: [] as number[], hoverBare: [] as number[], toggleApp: [] as number[], toggleBare: [] as number[] }
try {
  for (let run = 0; run < RUNS; run++) {
    // Alternate which page goes first, so neither always meets a warmer machine.
    const order = run % 2 === 0 ? ['app', 'bare'] as const : ['bare', 'app'] as const
    for (const which of order) {
      const isBare = which === 'bare'
      const base = isBare ? `${bare.url}/index.html` : `${app.url}/`
      const first = await coldLoad(browser, base, !isBare)
      results[which].push(first.load)
      ;(isBare ? results.hoverBare : results.hoverApp).push(await hover(first.page))
      await first.close()
      const withCases = await coldLoad(browser, `${base}?layers=roads,cases`, !isBare)
      ;(isBare ? results.toggleBare : results.toggleApp).push(await toggleRoads(withCases.page, isBare))
      await withCases.close()
    }
    process.stdout.write(`run ${run + 1}/${RUNS} done\n`)
  }
  signInJs = await signInScreenJs(browser, `${supabase.url}/`)
}
finally {
  await browser.close()
  await Promise.all([app.close(), bare.close(), supabase.close()])
}

const m = (xs: Load[], key: 'map' | 'complete' | 'figures' | 'js'): number => median(xs.map(l => l[key] ?? Number.NaN))
const bareIdle = m(results.bare, 'complete')
const rows: Array<[string, string, string, string]> = [
  ['map created', ms(m(results.app, 'map')), ms(m(results.bare, 'map')), (m(results.app, 'map') / m(results.bare, 'map')).toFixed(2)],
  ['first idle, everything drawn', ms(m(results.app, 'complete')), ms(bareIdle), (m(results.app, 'complete') / bareIdle).toFixed(2)],
  ['panel figures shown (bare: its first idle)', ms(m(results.app, 'figures')), ms(bareIdle), (m(results.app, 'figures') / bareIdle).toFixed(2)],
  ['roads off with cases on, to the next idle frame', ms(median(results.toggleApp)), ms(median(results.toggleBare)), (median(results.toggleApp) / median(results.toggleBare)).toFixed(2)],
  ['hover one grid to the next, to the composited frame', ms(median(results.hoverApp)), ms(median(results.hoverBare)), (median(results.hoverApp) / median(results.hoverBare)).toFixed(2)],
  ['JavaScript downloaded for the first screen (compressed as served)', kb(m(results.app, 'js')), kb(m(results.bare, 'js')), (m(results.app, 'js') / m(results.bare, 'js')).toFixed(2)],
]
const entry = entryChunk(appDir)
const supabaseEntry = entryChunk(supabaseDir)
let commit = 'working tree'
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim()
}
catch {}

const table = [
  `| measure (median of ${RUNS} cold loads, 1440×900) | app | bare page | app ÷ bare |`,
  '|---|---:|---:|---:|',
  ...rows.map(r => `| ${r.join(' | ')} |`),
].join('\n')
const chunks = [
  '| chunk | raw | gzip |',
  '|---|---:|---:|',
  `| demo build, entry chunk (${entry.file}) | ${kb(entry.raw)} | ${kb(entry.gzip)} |`,
  `| Supabase build, entry chunk (${supabaseEntry.file}) | ${kb(supabaseEntry.raw)} | ${kb(supabaseEntry.gzip)} |`,
  `| Supabase build, all JavaScript the sign-in screen downloads | | ${kb(signInJs)} (as served) |`,
].join('\n')
const report = `${table}\n\n${chunks}\n`
console.log(`\nFirst screen, app ${opt('--app-dist') ? `from ${opt('--app-dist')}` : `at ${commit}`} against the bare MapLibre page\n\n${report}`)

if (!args.includes('--no-write')) {
  const file = join(root, 'tests/bench/first-screen.RESULTS.md')
  writeFileSync(file, `# First screen: the app against a bare MapLibre page

Written by \`npm run bench:first-screen\` (tests/bench/first-screen.ts) at ${commit}, ${new Date().toISOString().slice(0, 10)},
on this repository's kind of machine (2 shared cores, Chromium with WebGL on SwiftShader). Both
pages are production builds served from localhost and loaded cold in fresh browser contexts, taking
turns. The bare page (tests/bench/first-screen/) generates the same demo township in a worker and
draws the same layers with the same specs; it has no framework, panel or data layer. "First idle"
is the map's first idle event with the grids, labels, roads and choropleth all drawn; the app's
"panel figures" is the first KPI figure on screen. Goal: both within 1.3× of the bare page's first idle.

${report}`)
  console.log(`written to ${file}`)
}
