// `npm run bench:coverage:county`: the county fixture of coverage.md (80 × 80 km, 18,000 grids,
// 5,000 routes, 50,000 cameras) built the way the worker builds it, step by step, timing the whole
// build and the longest step between two yields (the worker looks at its mailbox and posts
// progress after each slice of ≥ 25 ms, so the longest step bounds how late a cancel or a
// progress message can be). The page's main thread only receives messages: no task of the build
// runs there, by construction; this benchmark does not measure the page's main thread.
import { fileURLToPath } from 'node:url'
import { CoverageModel, summarize, summaryTransferables } from '~/domain/coverage'
import { COUNTY, makeFixture, randomPoints } from './fixture'
import { measure, ms, table, writeSection } from './report'

const CELL_M = Number(process.argv.find(a => a.startsWith('--cell='))?.slice(7) ?? 10)
const OPTIONS = { cellM: CELL_M, reachM: { volunteer: 50 }, minBlindSpotM2: 1000 }
const out: string[] = []
function say(line = '') {
  console.log(line)
  out.push(line)
}

const t0 = performance.now()
const { input } = makeFixture(COUNTY)
const fixtureMs = performance.now() - t0
say(`County fixture: 80 × 80 km, ${input.grids.length} grids (${input.grids.filter(g => g.level === 2).length} leaf grids under 100 townships), ${input.routes.length} routes, ${input.cameras.length} cameras, reach 50 m, ${CELL_M} m cells. Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Fixture made in ${ms(fixtureMs)} (not counted).`)
say()

const rows: string[][] = []
const runs = await measure(3, () => {
  const steps = CoverageModel.build(input, OPTIONS)
  const stages = new Map<string, number>()
  let longest = 0
  let longestStage = ''
  let last = performance.now()
  for (;;) {
    const s = steps.next()
    const now = performance.now()
    const step = now - last
    last = now
    if (s.done)
      return { model: s.value, stages, longest, longestStage }
    stages.set(s.value.stage, (stages.get(s.value.stage) ?? 0) + step)
    if (step > longest) {
      longest = step
      longestStage = s.value.stage
    }
  }
}, 0)
const { model, stages, longest, longestStage } = runs.last
const summaryRun = await measure(3, () => summarize(model), 0)
const bytes = summaryTransferables(summaryRun.last).reduce((s, b) => s + b.byteLength, 0)
rows.push(['full build (every figure, blind spots, hot spots)', ms(runs.wall), `${ms(runs.cpu)} CPU, median of ${runs.runs}`, `${(runs.wall / 5000).toFixed(2)} × the 5 s budget`])
rows.push(['summary the worker posts', ms(summaryRun.wall), `median of ${summaryRun.runs}; ${(bytes / 1e6).toFixed(1)} MB transferred, not copied`, ''])
rows.push(['longest build step between two yields', ms(longest), `stage ${longestStage}`, `${(longest / 50).toFixed(2)} × a 50 ms task (in the worker, not the page)`])
const points = randomPoints(1_000_000, COUNTY)
const assign = await measure(3, () => model.assignPoints(points))
rows.push(['1,000,000 points to 18,000 grids', ms(assign.wall), `median of ${assign.runs}`, `${(assign.wall / 1000).toFixed(2)} × the 1 s budget`])

say(table(['what', 'time', 'runs', 'ratio'], rows))
say()
say(`Build stages of the last run: ${[...stages].map(([k, v]) => `${k} ${ms(v)}`).join(', ')}.`)
writeSection(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), 'county', out.join('\n'))
