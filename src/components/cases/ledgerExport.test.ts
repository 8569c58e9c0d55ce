import { describe, expect, it } from 'vitest'
import { mapLimit } from './ledgerExport'

describe('mapLimit', () => {
  it('keeps order and never has more than the limit in flight', async () => {
    let inFlight = 0
    let most = 0
    const seen: number[] = []
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise(r => setTimeout(r, n))
      inFlight--
      return n * 10
    }, d => seen.push(d))
    expect(out).toEqual([50, 10, 40, 20, 30])
    expect(most).toBe(2)
    expect(seen).toEqual([1, 2, 3, 4, 5])
  })

  it('handles an empty list', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([])
  })
})
