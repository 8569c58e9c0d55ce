import { describe, expect, it } from 'vitest'
import { DEFAULT_LEDGER_QUERY, formatLedgerQuery, ledgerCaseFilter, ledgerPeriod, localDateOf, localMidnight, OPEN_END, OPEN_START, parseLedgerQuery } from './ledgerQuery'

const FALLBACK = { from: 1000, to: 2000 }

describe('ledger query in the URL', () => {
  it('reads an empty query as the defaults', () => {
    expect(parseLedgerQuery({})).toEqual(DEFAULT_LEDGER_QUERY)
  })

  it('round-trips every filter', () => {
    const q = {
      statuses: ['registered', 'dispatched'] as const,
      category: '03',
      sources: ['phone'] as const,
      overdue: true,
      supervised: true,
      mine: true,
      search: '垃圾',
      from: '2026-10-01',
      to: '2026-10-31',
      sort: 'due' as const,
      desc: false,
    }
    const parsed = parseLedgerQuery(formatLedgerQuery({ ...q, statuses: [...q.statuses], sources: [...q.sources] }))
    expect(parsed).toEqual({ ...q, statuses: [...q.statuses], sources: [...q.sources] })
  })

  it('leaves defaults out of the URL', () => {
    expect(Object.values(formatLedgerQuery(DEFAULT_LEDGER_QUERY)).every(v => v === undefined)).toBe(true)
  })

  it('drops unknown statuses, sources, categories, sorts and malformed dates', () => {
    const q = parseLedgerQuery({ status: 'closed,bogus', src: 'pigeon', cat: '0999', sort: 'x', from: '2026-13-45', to: 'yesterday', overdue: 'yes' })
    expect(q.statuses).toEqual(['closed'])
    expect(q.sources).toEqual([])
    expect(q.category).toBeNull()
    expect(q.sort).toBe('reported')
    expect(q.from).toBeNull()
    expect(q.to).toBeNull()
    expect(q.overdue).toBe(false)
  })

  it('keeps statuses in loop order whatever the URL order', () => {
    expect(parseLedgerQuery({ status: 'closed,reported' }).statuses).toEqual(['reported', 'closed'])
  })
})

describe('ledger filter for the data layer', () => {
  it('expands a major category into its subcategories', () => {
    const f = ledgerCaseFilter({ ...DEFAULT_LEDGER_QUERY, category: '05' }, 'g1', FALLBACK)
    expect(f.categoryCodes).toEqual(['0501', '0502', '0503', '0504', '0505', '0506'])
    expect(f.subtreeOf).toBe('g1')
  })

  it('passes a subcategory, flags and search through, and uses the explorer period by default', () => {
    const f = ledgerCaseFilter({ ...DEFAULT_LEDGER_QUERY, category: '0301', overdue: true, mine: true, search: '  井盖 ' }, undefined, FALLBACK)
    expect(f).toEqual({ period: FALLBACK, categoryCodes: ['0301'], overdue: true, mine: true, search: '井盖' })
  })

  it('turns local dates into a half-open period in China time', () => {
    const p = ledgerPeriod({ ...DEFAULT_LEDGER_QUERY, from: '2026-10-01', to: '2026-10-31' }, FALLBACK)
    expect(p.from).toBe(Date.parse('2026-09-30T16:00:00Z'))
    expect(p.to).toBe(Date.parse('2026-10-31T16:00:00Z'))
    expect(localDateOf(p.from)).toBe('2026-10-01')
    expect(localDateOf(p.to - 1)).toBe('2026-10-31')
  })

  it('leaves an open end unbounded', () => {
    const p = ledgerPeriod({ ...DEFAULT_LEDGER_QUERY, from: '2026-10-01' }, FALLBACK)
    expect(p.from).toBe(localMidnight('2026-10-01'))
    expect(p.to).toBe(OPEN_END)
    expect(new Date(p.to).toISOString()).toBe('9999-12-31T00:00:00.000Z')
    expect(ledgerPeriod({ ...DEFAULT_LEDGER_QUERY, to: '2026-10-31' }, FALLBACK).from).toBe(OPEN_START)
  })
})
