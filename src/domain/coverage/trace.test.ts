import { describe, expect, it } from 'vitest'
import { signedArea, traceOutline, TraceScratch } from './trace'

function outline(art: string[]): Int32Array[] {
  // Row 0 is the bottom line of the picture; '#' cells are patch 7, '.' cells patch 3.
  const rows = [...art].reverse()
  const w = rows[0]!.length
  const stride = w + 2
  const comp = new Int32Array(stride * (rows.length + 2))
  rows.forEach((line, y) => [...line].forEach((ch, x) => {
    comp[(y + 1) * stride + x + 1] = ch === '#' ? 7 : 3
  }))
  const starts: number[] = []
  comp.forEach((id, k) => {
    if (id === 7 && comp[k - 1] !== 7)
      starts.push(k)
  })
  const scratch = new TraceScratch()
  scratch.reset(comp.length)
  return traceOutline(comp, stride, 7, starts, scratch)
}

describe('tracing cells', () => {
  it('outlines a block with four corners, anticlockwise', () => {
    const rings = outline(['###', '###'])
    expect(rings).toHaveLength(1)
    expect(Array.from(rings[0]!)).toEqual([0, 0, 3, 0, 3, 2, 0, 2])
    expect(signedArea(rings[0]!)).toBe(6)
  })

  it('gives a hole as a clockwise ring and keeps the area of the cells', () => {
    const rings = outline(['#####', '#...#', '#.#.#', '#...#', '#####'])
    const areas = rings.map(signedArea).sort((a, b) => b - a)
    expect(areas.filter(a => a > 0)).toHaveLength(2)
    // The island in the middle traced with the same call is a separate outer ring; the frame has one hole.
    expect(areas.filter(a => a < 0)).toEqual([-9])
    expect(areas.reduce((a, b) => a + b, 0)).toBe(17)
  })

  it('a diagonal touch becomes a hole touching the outer ring at one point', () => {
    // An L that closes on itself only at a corner: the enclosed cell is a hole, not part of the outside.
    const rings = outline(['###.', '#..#', '####'])
    const areas = rings.map(signedArea)
    expect(areas.filter(a => a > 0)).toHaveLength(1)
    expect(areas.reduce((a, b) => a + b, 0)).toBe(9)
    for (const r of rings) {
      const vs = new Set<string>()
      for (let i = 0; i < r.length; i += 2) {
        const k = `${r[i]},${r[i + 1]}`
        expect(vs.has(k), `ring passes ${k} twice`).toBe(false)
        vs.add(k)
      }
    }
  })
})
