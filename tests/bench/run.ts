// `npm run bench`: speed targets, measured as medians of several runs on this machine and
// printed as ratios side by side, because absolute times on shared machines are noise.
import { performance } from 'node:perf_hooks'
import { DemoDataSource } from '~/data/demo/DemoDataSource'
import { generateDemoTownship } from '~/demo'
import { periodEndingAt } from '~/domain/period'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function time(runs: number, fn: () => unknown): number {
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    fn()
    ms.push(performance.now() - t)
  }
  return median(ms)
}

async function timeAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    ms.push(performance.now() - t)
  }
  return median(ms)
}

const anchor = Date.UTC(2026, 10, 1, 4)
const rows: Array<[string, string, string]> = []

// Demo township: the app generates it at start-up, so it must stay well under a second.
generateDemoTownship({ anchor }) // warm-up (JIT)
const gen = time(5, () => generateDemoTownship({ anchor }))
const data = generateDemoTownship({ anchor })
const json = JSON.stringify(data)
const parse = time(5, () => JSON.parse(json))
rows.push(['generate demo township (median of 5)', `${gen.toFixed(0)} ms`, `${(gen / 1000).toFixed(2)} × the 1 s budget; ${(gen / parse).toFixed(1)} × parsing the same data as JSON (${(json.length / 1e6).toFixed(1)} MB)`])

// Drill-down: KPIs for the township and for a village, as the panel asks on every click.
const ds = new DemoDataSource(Promise.resolve(data), 'demo-county-admin', () => anchor)
const township = data.grids.find(g => g.level === 1)!
const village = data.grids.find(g => g.level === 2)!
const period = periodEndingAt(anchor, 365)
await ds.gridKpis(township.id, period)
const kTown = await timeAsync(9, () => ds.gridKpis(township.id, period))
const kVillage = await timeAsync(9, () => ds.gridKpis(village.id, period))
rows.push(['demo gridKpis, township, 365 days (median of 9)', `${kTown.toFixed(1)} ms`, `${(kTown / 16.7).toFixed(2)} × one 60 Hz frame`])
rows.push(['demo gridKpis, village, 365 days (median of 9)', `${kVillage.toFixed(1)} ms`, `${(kVillage / kTown).toFixed(2)} × the township`])

const w = Math.max(...rows.map(r => r[0].length))
console.log('\nPingan Grid benchmarks\n')
for (const [name, value, ratio] of rows)
  console.log(`${name.padEnd(w)}  ${value.padStart(9)}  ${ratio}`)
