import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isGridCode } from '~/domain/gridCode'
import { DEFAULT_SEED, generateDemoTownship } from './index'

const anchor = Date.UTC(2026, 10, 1)

describe('generateDemoTownship', () => {
  const first = JSON.stringify(generateDemoTownship({ anchor }))

  it('is deterministic: the same seed and anchor give byte-identical JSON', () => {
    expect(JSON.stringify(generateDemoTownship({ seed: DEFAULT_SEED, anchor }))).toBe(first)
  })

  it('gives a different township for a different seed, still within the promised counts', () => {
    const other = generateDemoTownship({ seed: 'another-town', anchor })
    expect(JSON.stringify(other)).not.toBe(first)
    const level = (l: number): number => other.grids.filter(g => g.level === l).length
    expect(level(2)).toBeGreaterThanOrEqual(12)
    expect(level(2)).toBeLessThanOrEqual(20)
    expect(level(3)).toBeGreaterThanOrEqual(50)
    expect(level(3)).toBeLessThanOrEqual(80)
    expect(level(4)).toBeGreaterThanOrEqual(150)
    expect(level(4)).toBeLessThanOrEqual(250)
  })

  it('records its seed and anchor and sits in Zhejiang under the default codes', () => {
    const data = JSON.parse(first) as ReturnType<typeof generateDemoTownship>
    expect(data.seed).toBe('qingshan')
    expect(data.anchor).toBe(anchor)
    expect(data.grids[0]!.code).toBe('330122101000000')
    expect(data.grids[0]!.name).toBe('青山镇')
    const [lng, lat] = data.grids[0]!.labelPoint
    expect(lng).toBeGreaterThan(119.4)
    expect(lng).toBeLessThan(119.8)
    expect(lat).toBeGreaterThan(29.7)
    expect(lat).toBeLessThan(30)
  })

  it('takes the county, township segment, centre and case count from its options', () => {
    const data = generateDemoTownship({ anchor, countyCode: '330111', townshipSegment: '207', center: [120, 30.1], caseCount: 500 })
    expect(data.grids.every(g => isGridCode(g.code) && g.code.startsWith('330111207'))).toBe(true)
    expect(Math.abs(data.grids[0]!.labelPoint[0] - 120)).toBeLessThan(0.1)
    expect(data.cases).toHaveLength(500)
    expect(data.cameras.every(c => c.code.startsWith('330111'))).toBe(true)
  })

  it('gives every time as whole epoch milliseconds, as the database and the RPCs carry them', () => {
    const fractional: string[] = []
    const walk = (value: unknown, path: string): void => {
      if (typeof value !== 'object' || value === null)
        return
      for (const [k, v] of Object.entries(value)) {
        if (/At$|^anchor$/.test(k) && typeof v === 'number' && !Number.isInteger(v))
          fractional.push(`${path}.${k} = ${v}`)
        walk(v, `${path}.${k}`)
      }
    }
    // An anchor off the whole second too, so no time inherits its roundness from the anchor.
    for (const data of [JSON.parse(first), generateDemoTownship({ anchor: anchor + 123 })])
      walk(data, 'dataset')
    expect(fractional.slice(0, 5)).toEqual([])
  })

  it('refuses an anchor that is not a time', () => {
    expect(() => generateDemoTownship({ anchor: Number.NaN })).toThrow(/anchor must be epoch milliseconds/)
  })

  it('draws nothing from Math.random or the clock', () => {
    const dir = new URL('.', import.meta.url)
    for (const file of readdirSync(dir).filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(new URL(file, dir), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
      expect(source, file).not.toMatch(/Math\.random|Date\.now|new Date\(\)|performance\.now/)
    }
  })
})
