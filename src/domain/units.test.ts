import { describe, expect, it } from 'vitest'
import { getUnit, isUnitId, listUnits, UNITS, UnknownUnitError } from './units'

describe('handling units', () => {
  it('have unique short ascii ids and both names', () => {
    const ids = UNITS.map(u => u.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const u of UNITS) {
      expect(u.id).toMatch(/^[a-z][a-z_]{1,19}$/)
      expect(u.name).toMatch(/[\u4E00-\u9FFF]/)
      expect(u.nameEn.length).toBeGreaterThan(3)
    }
  })

  it('include the core units of a township centre', () => {
    for (const id of ['governance', 'police', 'justice', 'petition', 'court', 'village'])
      expect(isUnitId(id)).toBe(true)
  })

  it('look up by id', () => {
    expect(getUnit('police').name).toBe('派出所')
    expect(listUnits()).toHaveLength(UNITS.length)
  })

  it('refuse an unknown id with a message naming it', () => {
    expect(isUnitId('polic')).toBe(false)
    expect(() => getUnit('polic')).toThrow(UnknownUnitError)
    expect(() => getUnit('polic')).toThrow(/Unknown handling unit "polic"; known units: governance, police/)
  })
})
