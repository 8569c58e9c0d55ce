// `npx tsx tests/soak/wall-profile.ts`: what the wall's long tasks are made of. The wall on the demo
// with the feed at PROFILE_SPEED for PROFILE_MINUTES (default 3), under the V8 sampling profiler
// (CDP Profiler, 1 ms). A run of consecutive non-idle samples over 50 ms is a long task; for the
// long tasks it prints the functions they spent their time in (self and inclusive), so a task in
// our code can be told from one in MapLibre's render on SwiftShader or in the garbage collector.
import { preview } from 'vite'
import { launchBrowser } from '../support/chromium'

const MINUTES = Number(process.env.PROFILE_MINUTES ?? 3)
const SPEED = Number(process.env.PROFILE_SPEED ?? 600)
const START = Date.parse('2026-06-16T23:45:00+08:00')

/** A node of the CDP Profiler's profile (the fields read here). */
interface Node { id: number, callFrame: { functionName: string, url: string, lineNumber: number, columnNumber: number }, children?: number[] }

function label(n: Node): string {
  const f = n.callFrame
  const file = f.url.split('/').pop() ?? ''
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`
}

async function main(): Promise<void> {
  const server = await preview({ build: { outDir: process.env.SOAK_OUT_DIR ?? 'dist' }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' })
  const base = server.resolvedUrls?.local[0]?.replace(/\/$/, '')
  if (!base)
    throw new Error('vite preview did not report a URL')
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.route('**/*', route => new URL(route.request().url()).origin === new URL(base).origin ? route.continue() : route.abort())
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: Array<{ start: number, duration: number }> }
      w.__longTasks = []
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          w.__longTasks.push({ start: e.startTime, duration: e.duration })
      }).observe({ type: 'longtask', buffered: true })
    })
    await page.clock.install({ time: START })
    const cdp = await context.newCDPSession(page)
    await page.goto(`${base}/wall?speed=${SPEED}`)
    await page.locator('[data-testid=wall-title]').waitFor({ timeout: 120_000 })
    await page.waitForFunction(() => {
      const m = (window as unknown as { __pinganMap: import('maplibre-gl').Map }).__pinganMap
      return !!m && m.loaded() && !m.isMoving() && !!m.getLayer('case-points')
    }, undefined, { timeout: 120_000, polling: 500 })
    await page.waitForTimeout(5000)
    const from = await page.evaluate(() => performance.now())
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 })
    await cdp.send('Profiler.start')
    await page.waitForTimeout(MINUTES * 60_000)
    const { profile } = await cdp.send('Profiler.stop')
    const tasks = (await page.evaluate(() => (window as unknown as { __longTasks: Array<{ start: number, duration: number }> }).__longTasks)).filter(t => t.start > from)
    const applied = await page.evaluate(() => (window as unknown as { __pinganWall: { applied: () => number } }).__pinganWall.applied())

    const byId = new Map(profile.nodes.map(n => [n.id, n]))
    const parent = new Map<number, number>()
    for (const n of profile.nodes) {
      for (const c of n.children ?? [])
        parent.set(c, n.id)
    }
    const samples = profile.samples ?? []
    const deltas = profile.timeDeltas ?? []
    // Runs of non-idle samples: the profiler's view of a task.
    const runs: Array<{ from: number, to: number }> = []
    let t = profile.startTime
    let runStart = -1
    let runStartT = 0
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0
      const name = byId.get(samples[i]!)?.callFrame.functionName
      const idle = name === '(idle)' || name === '(program)'
      if (!idle && runStart < 0) {
        runStart = i
        runStartT = t
      }
      if ((idle || i === samples.length - 1) && runStart >= 0) {
        if ((t - runStartT) / 1000 > 50)
          runs.push({ from: runStart, to: i })
        runStart = -1
      }
    }
    // Each run put down to the part of the page it spent most in: MapLibre's frame (its _render,
    // WebGL on SwiftShader here), Vue's render flush (our computeds and templates), an ECharts
    // redraw, or the garbage collector; the rest is other script.
    const KINDS: Array<[string, (n: Node) => boolean]> = [
      ['MapLibre frame (_render)', n => n.callFrame.functionName === '_render'],
      ['ECharts redraw', n => /^(?:ECharts\.)?setOption$|_onframe|^redraw$/.test(n.callFrame.functionName)],
      ['Vue render flush (our code)', n => n.callFrame.functionName === 'flushJobs'],
      ['garbage collector', n => n.callFrame.functionName === '(garbage collector)'],
    ]
    const kindOf = (id: number): string => {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const hit = KINDS.find(([, test]) => test(byId.get(cur!)!))
        if (hit)
          return hit[0]
      }
      return 'other script'
    }
    const perKind = new Map<string, { runs: number, ms: number, longest: number }>()
    for (const r of runs) {
      const share = new Map<string, number>()
      let ms = 0
      for (let i = r.from; i < r.to; i++) {
        const d = (deltas[i + 1] ?? 1000) / 1000
        ms += d
        const k = kindOf(samples[i]!)
        share.set(k, (share.get(k) ?? 0) + d)
      }
      const main = [...share].sort((a, b) => b[1] - a[1])[0]![0]
      const row = perKind.get(main) ?? { runs: 0, ms: 0, longest: 0 }
      perKind.set(main, { runs: row.runs + 1, ms: row.ms + ms, longest: Math.max(row.longest, ms) })
    }
    const self = new Map<string, number>()
    const incl = new Map<string, number>()
    let total = 0
    for (const r of runs) {
      for (let i = r.from; i < r.to; i++) {
        const d = (deltas[i + 1] ?? 1000) / 1000
        total += d
        let id: number | undefined = samples[i]!
        self.set(label(byId.get(id)!), (self.get(label(byId.get(id)!)) ?? 0) + d)
        const seen = new Set<string>()
        while (id !== undefined) {
          const l = label(byId.get(id)!)
          if (!seen.has(l)) {
            incl.set(l, (incl.get(l) ?? 0) + d)
            seen.add(l)
          }
          id = parent.get(id)
        }
      }
    }
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${(100 * v / total).toFixed(1).padStart(5)} %  ${k}`).join('\n')
    console.log(`${MINUTES} min at ${SPEED}x, ${applied} changes applied in all`)
    console.log(`longtask entries: ${tasks.length}, over 200 ms: ${tasks.filter(x => x.duration > 200).length}, longest ${Math.max(0, ...tasks.map(x => x.duration)).toFixed(0)} ms; durations: ${tasks.map(x => x.duration.toFixed(0)).join(' ')}`)
    console.log(`profiler busy runs > 50 ms: ${runs.length}, ${total.toFixed(0)} ms in all`)
    console.log(`\nruns > 50 ms by what they spent most of their time in:\n${[...perKind].sort((a, b) => b[1].ms - a[1].ms).map(([k, v]) => `  ${k}: ${v.runs} runs, ${v.ms.toFixed(0)} ms, longest ${v.longest.toFixed(0)} ms`).join('\n')}`)
    console.log(`\nself time in them:\n${top(self, 30)}`)
    console.log(`\ninclusive time in them:\n${top(incl, 60)}`)
  }
  finally {
    await browser.close()
    await server.close()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
