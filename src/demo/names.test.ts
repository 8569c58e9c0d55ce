import { describe, expect, it } from 'vitest'
import { chineseNumeral, groupNames, maskedPhone, personName, settlementNames, subGridName } from './names'
import { Rng } from './random'

describe('names', () => {
  it('writes Chinese numerals as used in group names', () => {
    expect([1, 2, 10, 11, 12, 20, 21, 99].map(chineseNumeral)).toEqual(['一', '二', '十', '十一', '十二', '二十', '二十一', '九十九'])
    expect(() => chineseNumeral(0)).toThrow(RangeError)
  })

  it('names communities first, then villages, all distinct', () => {
    const names = settlementNames(new Rng('n'), 16, 2)
    expect(names.slice(0, 2).map(n => n.name)).toEqual(['青山社区', '溪口社区'])
    expect(names.slice(2).every(n => n.name.endsWith('村') && !n.community)).toBe(true)
    expect(new Set(names.map(n => n.name)).size).toBe(16)
    expect(() => settlementNames(new Rng('n'), 40, 2)).toThrow(/only/)
  })

  it('numbers village groups and names community blocks', () => {
    expect(groupNames(new Rng('g'), 3, false)).toEqual([{ name: '一组', nameEn: 'Group 1' }, { name: '二组', nameEn: 'Group 2' }, { name: '三组', nameEn: 'Group 3' }])
    expect(groupNames(new Rng('g'), 3, true).every(n => !n.name.endsWith('组'))).toBe(true)
    const used = new Set<string>()
    const a = groupNames(new Rng('g'), 8, true, used).map(n => n.name)
    const b = groupNames(new Rng('g'), 8, true, used).map(n => n.name)
    expect(a.filter(n => b.includes(n))).toEqual([])
    expect(() => groupNames(new Rng('g'), 8, true, used)).toThrow(/block names left/)
    expect(subGridName(2)).toEqual({ name: '第二网格', nameEn: 'Sub-grid 2' })
  })

  it('makes distinct person names and masked phones', () => {
    const rng = new Rng('p')
    const used = new Set<string>()
    const names = Array.from({ length: 400 }, () => personName(rng, used))
    expect(new Set(names).size).toBe(400)
    expect(maskedPhone(rng)).toMatch(/^1\d{2}\*{4}\d{4}$/)
  })
})
