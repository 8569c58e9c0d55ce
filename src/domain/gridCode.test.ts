import { describe, expect, it } from 'vitest'
import { childGridCode, GridCodeError, isGridCode, isInSubtree, parentGridCode, parseGridCode } from './gridCode'

const township = '330122101000000'
const village = '330122101003000'
const group = '330122101003002'
const sub = '330122101003002001'

describe('parseGridCode', () => {
  it('derives the level from the non-zero segments', () => {
    expect(parseGridCode(township).level).toBe(1)
    expect(parseGridCode(village).level).toBe(2)
    expect(parseGridCode(group).level).toBe(3)
    expect(parseGridCode(sub)).toEqual({ county: '330122', township: '101', village: '003', grid: '002', sub: '001', level: 4 })
  })

  it.each([
    ['', /empty/],
    ['33012210100000', /expected 15 digits .* got 14/],
    ['3301221010000001', /got 16/],
    ['33012210100000x', /only digits .* "x" at position 15/],
    ['000000101000000', /county segment/],
    ['330122000000000', /township segment/],
    ['330122101000005', /grid segment .* village segment .* 000/],
    ['330122101003000001', /level-4 suffix needs a non-zero grid segment/],
    ['330122101003002000', /suffix .* is 000/],
  ])('refuses %j with a message that says where', (code, message) => {
    expect(() => parseGridCode(code)).toThrow(GridCodeError)
    expect(() => parseGridCode(code)).toThrow(message)
  })

  it('isGridCode mirrors parseGridCode', () => {
    expect(isGridCode(group)).toBe(true)
    expect(isGridCode('abc')).toBe(false)
  })
})

describe('hierarchy helpers', () => {
  it('walks up to the township', () => {
    expect(parentGridCode(sub)).toBe(group)
    expect(parentGridCode(group)).toBe(village)
    expect(parentGridCode(village)).toBe(township)
    expect(parentGridCode(township)).toBeNull()
  })

  it('builds child codes that parse back to the parent', () => {
    for (const parent of [township, village, group]) {
      const child = childGridCode(parent, 7)
      expect(parentGridCode(child)).toBe(parent)
      expect(parseGridCode(child).level).toBe(parseGridCode(parent).level + 1)
    }
    expect(() => childGridCode(sub, 1)).toThrow(/no children/)
    expect(() => childGridCode(village, 0)).toThrow(RangeError)
    expect(() => childGridCode(village, 1000)).toThrow(RangeError)
  })

  it('tests subtree membership by code prefix and level', () => {
    expect(isInSubtree(sub, township)).toBe(true)
    expect(isInSubtree(sub, village)).toBe(true)
    expect(isInSubtree(group, group)).toBe(true)
    expect(isInSubtree(village, group)).toBe(false)
    expect(isInSubtree('330122101004001', village)).toBe(false)
    expect(isInSubtree('330122102003002', township)).toBe(false)
  })
})
