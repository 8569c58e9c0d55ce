// Timing and reporting helpers of the coverage benchmarks: medians of several runs (wall clock and
// this process's CPU time, which a shared machine disturbs less), and the markdown written beside them.
import { readFileSync, writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

export interface Timing {
  /** Median wall-clock milliseconds. */
  wall: number
  /** Median CPU milliseconds of this process (user + system). */
  cpu: number
  runs: number
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const n = s.length
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2
}

export function quantile(xs: ArrayLike<number>, q: number): number {
  const s = Array.from(xs).sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}

function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** Runs fn `runs` times (after `warm` unmeasured runs) and returns the medians, and the last result. */
export async function measure<T>(runs: number, fn: () => T | Promise<T>, warm = 1): Promise<Timing & { last: T }> {
  let last: T | undefined
  for (let i = 0; i < warm; i++)
    last = await fn()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const c = cpuMs()
    const t = performance.now()
    last = await fn()
    wall.push(performance.now() - t)
    cpu.push(cpuMs() - c)
  }
  return { wall: median(wall), cpu: median(cpu), runs, last: last as T }
}

export const ms = (v: number): string => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(v >= 10 ? 1 : 2)} ms`)

/** A markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** Replaces (or appends) the section between `<!-- name -->` markers of a markdown file. */
export function writeSection(file: string, name: string, markdown: string): void {
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  }
  catch {
    text = '# Coverage engine benchmarks\n\nWritten by `npm run bench:coverage` (township) and `npm run bench:coverage:county`; do not edit by hand.\n'
  }
  const open = `<!-- ${name} -->`
  const close = `<!-- /${name} -->`
  const block = `${open}\n${markdown.trim()}\n${close}`
  const a = text.indexOf(open)
  const b = text.indexOf(close)
  text = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + close.length) : `${text.trimEnd()}\n\n${block}\n`
  writeFileSync(file, text)
}
