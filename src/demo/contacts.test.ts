import { describe, expect, it } from 'vitest'
import { isPhoneNumber } from '~/domain/caseLoop'
import { generateDemoTownship } from '.'
import { CONTACT_SHARE } from './contacts'

const DATA = generateDemoTownship({ anchor: Date.parse('2026-11-21T00:00:00+08:00') })

describe('demo reporter contacts', () => {
  it('names a reporter on a share of the cases, mostly those residents brought', () => {
    const byId = new Map(DATA.cases.map(c => [c.id, c]))
    const contacts = DATA.caseContacts
    expect(contacts.length).toBeGreaterThan(DATA.cases.length * 0.15)
    expect(contacts.length).toBeLessThan(DATA.cases.length * 0.8)
    expect(new Set(contacts.map(c => c.caseId)).size).toBe(contacts.length)
    for (const c of contacts) {
      const record = byId.get(c.caseId)
      expect(record).toBeDefined()
      expect(CONTACT_SHARE[record!.source]).toBeGreaterThan(0)
      // Numbers the intake itself would accept, marked invented by their 0000 middle.
      expect(isPhoneNumber(c.reporterPhone)).toBe(true)
      expect(c.reporterPhone).toMatch(/^1\d{2}0000\d{4}$/)
      expect(c.reporterName).toMatch(/^\p{Script=Han}{2,3}$/u)
    }
    const visits = DATA.cases.filter(c => c.source === 'visit')
    expect(contacts.filter(c => byId.get(c.caseId)!.source === 'visit').length).toBeGreaterThan(visits.length * 0.7)
  })

  it('is deterministic: the same options give the same contacts and the same cases', () => {
    const again = generateDemoTownship({ anchor: Date.parse('2026-11-21T00:00:00+08:00') })
    expect(again.caseContacts).toEqual(DATA.caseContacts)
    expect(again.cases).toEqual(DATA.cases)
  })
})
