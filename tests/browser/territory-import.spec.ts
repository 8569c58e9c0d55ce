// Issue 12 in Chromium: a township imported from a GBK Shapefile in a CGCS2000 Gauss-Krüger zone,
// a reported spike repaired, committed onto the demo, drilled into and reported in; then a GCJ-02
// basemap (tiles from a local fixture server) and a case reported by clicking a known point,
// stored in WGS 84. The app is built for this file with the basemap configured (dist-basemap/).
import type { Browser, Page } from 'playwright-core'
import type { LngLat } from '~/domain/types'
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { preview } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wgs84ToGcj02 } from '~/domain/chinaCoords/shifted'
import { distanceM } from '~/domain/geometry'
import { chineseFeatureCollection } from '~/domain/territoryImport/__fixtures__/files'
import { ogrShapefileZip } from '~/domain/territoryImport/__fixtures__/ogr'
import { syntheticTerritory } from '~/domain/territoryImport/__fixtures__/territory'
import { writePmtiles } from '../support/pmtilesFile'
import { drawTile, startTileServer } from '../support/tileServer'
import { drawer, drawerStatus } from './caseDrawer'
import { breadcrumb, childCodes, labelPixel, launchBrowser, openPage, pixelOf, screenshot, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

const ROOT = resolve(import.meta.dirname, '..', '..')
const OUT_DIR = 'dist-basemap'
// Well east of the generated township, so nothing of it is carried over: a clean new township.
const TERRITORY = syntheticTerritory({ county: '330122', origin: [119.9, 30.1], villages: [2, 2], groups: [2, 2], steps: 4, stepM: 200 })
const TOWNSHIP = TERRITORY[0]!
const SPIKED = '330122001001002'
const GROUP = TERRITORY.find(g => g.code === '330122001002001')!
/** The known point clicked on the GCJ-02 basemap: inside group 330122001002001, in WGS 84. */
const KNOWN: LngLat = [GROUP.boundary.coordinates[0]![0]!.reduce((s, p) => s + p[0]!, 0) / GROUP.boundary.coordinates[0]![0]!.length, GROUP.boundary.coordinates[0]![0]!.reduce((s, p) => s + p[1]!, 0) / GROUP.boundary.coordinates[0]![0]!.length]

/** The territory as a bureau would send it: GBK attributes, CGCS2000 zone CM 120°E (EPSG:4549), one ring with a spike. */
function shapefileZip(): Buffer {
  const fc = chineseFeatureCollection(TERRITORY)
  const f = fc.features.find(x => x.properties!['网格编码'] === SPIKED)!
  const ring = f.geometry.coordinates[0]![0]!
  const a = ring[5]!
  f.geometry = { type: 'MultiPolygon', coordinates: [[[...ring.slice(0, 6), [a[0]! + 0.004, a[1]! + 0.0001], a, ...ring.slice(6)]]] }
  return Buffer.from(ogrShapefileZip(fc, { epsg: 4549, encoding: 'GBK', layer: '青溪镇网格' }))
}

function build(env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(resolve(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--outDir', OUT_DIR, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => out += d.toString())
    child.stderr.on('data', (d: Buffer) => out += d.toString())
    child.on('error', fail)
    child.on('close', code => code === 0 ? done() : fail(new Error(`vite build failed (${code}):\n${out}`)))
  })
}

let tiles: Awaited<ReturnType<typeof startTileServer>>
let server: Awaited<ReturnType<typeof preview>>
let base: string
let browser: Browser
let page: Page
let external: string[]
let errors: string[]

const problems = () => page.locator('[data-testid=import-problem]').evaluateAll(els => els.map(e => `${e.getAttribute('data-kind')} ${e.getAttribute('data-feature')}`))

/** The location the drawer shows for the case just created, as stored. */
async function storedLocation(): Promise<LngLat> {
  const text = (await page.locator('[data-testid=drawer-location]').textContent())!.trim()
  const [lng, lat] = text.split(',').map(Number)
  return [lng!, lat!]
}

/** Opens intake and clicks the map at `onMap` (map coordinates), once the map has settled beside the wider panel. */
async function reportAt(onMap: LngLat, title: string): Promise<void> {
  await page.locator('[data-testid=new-case]').click()
  await page.locator('[data-testid=pick-hint]').waitFor()
  await page.waitForTimeout(1000)
  await waitForMapIdle(page)
  const at = await pixelOf(page, onMap)
  await page.mouse.click(at.x, at.y)
  await page.locator('[data-testid=intake-grid]').waitFor()
  await page.locator('[data-testid=category-major]').selectOption('03')
  await page.locator('[data-testid=category-sub]').selectOption('0301')
  await page.locator('[data-testid=intake-title]').fill(title)
  await page.locator('[data-testid=intake-description]').fill('导入辖区内的测试事件。')
}

beforeAll(async () => {
  tiles = await startTileServer(wgs84ToGcj02(KNOWN))
  await build({ VITE_BASEMAP_GCJ02_TILES: `${tiles.url}/gcj/{z}/{x}/{y}.png`, VITE_BASEMAP_PMTILES: '/basemap.pmtiles' })
  // The offline basemap served with the app: WGS 84 tiles with the cross at the known point itself.
  writeFileSync(resolve(ROOT, OUT_DIR, 'basemap.pmtiles'), writePmtiles([119.88, 30.08, 119.97, 30.15], 12, 17, (z, x, y) => drawTile(z, x, y, KNOWN)))
  server = await preview({ root: ROOT, build: { outDir: OUT_DIR }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' })
  base = server.resolvedUrls!.local[0]!.replace(/\/$/, '')
  browser = await launchBrowser()
  ;({ page, external, errors } = await openPage(browser, undefined, { baseUrl: base, allow: [tiles.url] }))
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await tiles?.close()
})

describe('importing a township from a Shapefile', () => {
  it('reads the GBK table and the Gauss-Krüger zone, and reports the planted spike on its feature', async () => {
    await page.goto(`${base}/import`)
    await page.locator('[data-testid=import-file]').setInputFiles({ name: '青溪镇网格.zip', mimeType: 'application/zip', buffer: shapefileZip() })
    await page.locator('[data-testid=import-problems]').waitFor()
    const facts = await page.locator('[data-testid=import-facts]').textContent()
    expect(facts).toContain('Shapefile')
    expect(facts).toContain(`${TERRITORY.length} 个要素`)
    expect(await page.locator('[data-testid=import-crs]').textContent()).toMatch(/CGCS2000 \/ 3-degree Gauss-Krüger.*120°E/)
    expect(await page.locator('[data-mapping=code]').inputValue()).toBe('网格编码')
    expect(await page.locator('[data-mapping=name]').inputValue()).toBe('网格名称')
    const spiked = TERRITORY.findIndex(g => g.code === SPIKED)
    expect(await problems()).toEqual([`ring-spike ${spiked}`])
    expect(await page.locator('[data-testid=import-commit]').isDisabled()).toBe(true)
    // Picking the problem flies the map to it and rings its marker.
    await page.locator('[data-testid=import-problem] .what').click()
    await page.waitForTimeout(1200)
    await waitForMapIdle(page)
    await screenshot(page, 'import-problem-1440x900')
  })

  it('repairs it, shows what the commit changes, and commits all of it onto the demo', async () => {
    await page.locator('[data-testid=import-repair]').click()
    await page.locator('[data-testid=import-clean]').waitFor()
    await page.locator('[data-testid=import-diff]').waitFor()
    // The generated township goes (its 274 grids), the file's 21 come.
    expect(await page.locator('[data-testid=import-diff-counts]').textContent()).toMatch(new RegExp(`新增 ${TERRITORY.length}，删除 \\d+，变更 0，不变 0`))
    await waitForMapIdle(page)
    await screenshot(page, 'import-ready-1440x900')
    await page.locator('[data-testid=import-commit]').click()
    await page.waitForURL(`**/grid/${TOWNSHIP.code}`)
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toEqual([TOWNSHIP.name])
    expect((await childCodes(page)).sort()).toEqual(TERRITORY.filter(g => g.parentCode === TOWNSHIP.code).map(g => g.code).sort())
  })

  it('keeps the imported township across reloads; drilling in and reporting a case work on it', async () => {
    await page.reload()
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toEqual([TOWNSHIP.name])
    const village = TERRITORY.find(g => g.code === '330122001002000')!
    const label = await labelPixel(page, village.code)
    await page.mouse.click(label.x, label.y)
    await page.waitForURL(`**/grid/${village.code}**`)
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toEqual([TOWNSHIP.name, village.name])
    await reportAt(KNOWN, '导入辖区事件')
    expect(await page.locator('[data-testid=intake-grid]').getAttribute('data-grid-code')).toBe(GROUP.code)
    await page.locator('[data-testid=intake-submit]').click()
    await expect.poll(() => drawerStatus(page)).toBe('reported')
    expect(await drawer(page).textContent()).toContain(GROUP.name)
  })
})

describe('a GCJ-02 basemap', () => {
  it('draws the overlays shifted onto it, and a click on a known point is stored in WGS 84', async () => {
    await page.goto(`${base}/grid/${GROUP.code}`)
    await waitForMapIdle(page)
    const before = tiles.served()
    await page.locator('[data-testid=basemap-select]').selectOption('gcj02')
    await expect.poll(() => page.evaluate(() => (window as unknown as MlWindow).__pinganMap.getLayer('basemap')?.id ?? null)).toBe('basemap')
    await waitForMapIdle(page)
    expect(tiles.served()).toBeGreaterThan(before)
    // The grids are drawn in GCJ-02: the group's label sits ~500 m from its WGS 84 place.
    const gcj = wgs84ToGcj02(KNOWN)
    expect(distanceM(gcj, KNOWN)).toBeGreaterThan(300)
    // Where the basemap shows the known point (its red cross) is gcj02(KNOWN) on the map.
    await reportAt(gcj, 'GCJ-02 底图上点选的事件')
    expect(await page.locator('[data-testid=intake-grid]').getAttribute('data-grid-code')).toBe(GROUP.code)
    const typed = (await page.locator('[data-testid=intake-coord]').inputValue()).split(',').map(Number) as LngLat
    expect(distanceM(typed, KNOWN)).toBeLessThan(3)
    // The same point read in GCJ-02, as a phone would report it.
    await page.locator('[data-testid=intake-coord-system]').selectOption('gcj02')
    const inGcj = (await page.locator('[data-testid=intake-coord]').inputValue()).split(',').map(Number) as LngLat
    expect(distanceM(inGcj, gcj)).toBeLessThan(3)
    // Typed in GCJ-02 and located: the same WGS 84 point is placed.
    await page.locator('[data-testid=intake-coord]').fill(`${gcj[0].toFixed(6)}, ${gcj[1].toFixed(6)}`)
    await page.locator('[data-testid=intake-coord-go]').click()
    await page.locator('[data-testid=intake-coord-system]').selectOption('wgs84')
    await expect.poll(async () => distanceM((await page.locator('[data-testid=intake-coord]').inputValue()).split(',').map(Number) as LngLat, KNOWN)).toBeLessThan(0.5)
    await page.mouse.move(5, 300)
    await screenshot(page, 'gcj02-basemap-intake-1440x900')
    await page.locator('[data-testid=intake-submit]').click()
    await expect.poll(() => drawerStatus(page)).toBe('reported')
    const stored = await storedLocation()
    expect(distanceM(stored, KNOWN)).toBeLessThan(3)
    expect(distanceM(stored, gcj)).toBeGreaterThan(300)
  })

  it('an offline PMTiles basemap served with the app draws without any shift', async () => {
    const ranges: string[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/basemap.pmtiles'))
        ranges.push(r.headers().range ?? '')
    })
    await page.goto(`${base}/grid/${GROUP.code}`)
    await page.locator('[data-testid=basemap-select]').selectOption('pmtiles')
    await waitForMapIdle(page)
    expect(ranges.length).toBeGreaterThan(1)
    expect(ranges.every(r => /^bytes=\d+-\d+$/.test(r))).toBe(true)
    await reportAt(KNOWN, 'PMTiles 底图上点选的事件')
    expect(await page.locator('[data-testid=intake-grid]').getAttribute('data-grid-code')).toBe(GROUP.code)
    await page.mouse.move(5, 300)
    await screenshot(page, 'pmtiles-basemap-intake-1440x900')
    await page.locator('[data-testid=intake-submit]').click()
    await expect.poll(() => drawerStatus(page)).toBe('reported')
    expect(distanceM(await storedLocation(), KNOWN)).toBeLessThan(3)
  })

  it('goes back to the demo township from the import screen, and reached nothing outside', async () => {
    await page.locator('[data-testid=basemap-select]').selectOption('none')
    await page.goto(`${base}/import`)
    await page.locator('[data-testid=import-back-to-demo]').click()
    await page.waitForURL(url => !url.pathname.startsWith('/import'))
    await waitForMapIdle(page)
    expect(await breadcrumb(page)).toEqual(['青山镇'])
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})
