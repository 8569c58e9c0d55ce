import { describe, expect, it } from 'vitest'
import { wgs84ToBd09, wgs84ToGcj02 } from '~/domain/chinaCoords/shifted'
import { formatInSystem } from './coordinates'

describe('coordinates in a chosen system', () => {
  const p: [number, number] = [119.58, 29.86]
  it('shows a WGS 84 point as WGS 84, GCJ-02 or BD-09', () => {
    expect(formatInSystem(p, 'wgs84')).toBe('119.580000, 29.860000')
    const g = wgs84ToGcj02(p)
    expect(formatInSystem(p, 'gcj02')).toBe(`${g[0].toFixed(6)}, ${g[1].toFixed(6)}`)
    expect(formatInSystem(p, 'gcj02')).not.toBe(formatInSystem(p, 'wgs84'))
    const b = wgs84ToBd09(p)
    expect(formatInSystem(p, 'bd09')).toBe(`${b[0].toFixed(6)}, ${b[1].toFixed(6)}`)
  })
})
