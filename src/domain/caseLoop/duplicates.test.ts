import type { CaseStatus, LngLat } from '../types'
import { describe, expect, it } from 'vitest'
import { destination } from '../geometry'
import { nearbyOpenCases } from './duplicates'

const HERE: LngLat = [120.15, 30.25]

function at(id: string, bearing: number, metres: number, over: { status?: CaseStatus, categoryCode?: string } = {}) {
  return { id, status: over.status ?? 'dispatched', categoryCode: over.categoryCode ?? '0304', location: destination(HERE, bearing, metres) }
}

describe('nearbyOpenCases', () => {
  it('finds open cases of the same category within 200 m, nearest first, with their distance', () => {
    const cases = [at('far', 0, 250), at('mid', 90, 150), at('near', 200, 20), at('edge', 270, 199.5)]
    const hits = nearbyOpenCases(cases, { location: HERE, categoryCode: '0304' })
    expect(hits.map(h => h.case.id)).toEqual(['near', 'mid', 'edge'])
    expect(hits[0]!.distanceM).toBeCloseTo(20, 3)
    expect(hits[2]!.distanceM).toBeCloseTo(199.5, 3)
  })

  it('ignores other categories, closed and cancelled cases, and the case itself', () => {
    const cases = [
      at('other', 0, 10, { categoryCode: '0301' }),
      at('closed', 0, 10, { status: 'closed' }),
      at('cancelled', 0, 10, { status: 'cancelled' }),
      at('self', 0, 0),
      at('reported', 0, 10, { status: 'reported' }),
      at('escalated', 0, 30, { status: 'escalated' }),
    ]
    const hits = nearbyOpenCases(cases, { location: HERE, categoryCode: '0304', excludeId: 'self' })
    expect(hits.map(h => h.case.id)).toEqual(['reported', 'escalated'])
  })

  it('takes another radius, and measures great-circle distance (1 km east at 30°N is not 1 km of longitude at the equator)', () => {
    const cases = [at('east', 90, 1000)]
    expect(nearbyOpenCases(cases, { location: HERE, categoryCode: '0304' })).toEqual([])
    expect(nearbyOpenCases(cases, { location: HERE, categoryCode: '0304' }, 1001)).toHaveLength(1)
    const dLng = cases[0]!.location[0] - HERE[0]
    expect(dLng * 111_195).toBeGreaterThan(1100)
  })
})
