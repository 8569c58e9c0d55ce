import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { getCategory } from '~/domain/categories'
import { DAILY_REPORTS, nextReportDelay, planReport, planStep, URGENT_SHARE } from './activity'
import { Rng } from './random'

const HOUR = 3_600_000
const MINUTE = 60_000
// Midnight, China time.
const DAY0 = Date.parse('2026-12-03T00:00:00+08:00')
const UNITS = ['governance', 'police', 'justice', 'petition', 'construction']

function kase(over: Partial<CaseRecord>): Pick<CaseRecord, 'status' | 'urgent' | 'categoryCode' | 'leadUnitId' | 'escalationLevel'> {
  return { status: 'reported', urgent: false, categoryCode: '0101', leadUnitId: null, escalationLevel: 0, ...over }
}

describe('nextReportDelay', () => {
  it('averages the generated year\'s pace over a day, busier at 10:00 than at 03:00', () => {
    const rng = new Rng('pace')
    let reports = 0
    // Simulate ten days of arrivals.
    for (let t = DAY0; t < DAY0 + 10 * 24 * HOUR; reports++)
      t += nextReportDelay(rng, t)
    expect(reports / 10).toBeGreaterThan(DAILY_REPORTS * 0.75)
    expect(reports / 10).toBeLessThan(DAILY_REPORTS * 1.25)
    const mean = (hour: number): number => {
      let sum = 0
      for (let i = 0; i < 2000; i++)
        sum += nextReportDelay(rng, DAY0 + hour * HOUR)
      return sum / 2000
    }
    expect(mean(3)).toBeGreaterThan(mean(10) * 3)
  })

  it('is divided by the speed, and refuses a speed that is not a positive number', () => {
    const a = nextReportDelay(new Rng('s'), DAY0 + 10 * HOUR)
    const b = nextReportDelay(new Rng('s'), DAY0 + 10 * HOUR, 60)
    expect(Math.abs(b - a / 60)).toBeLessThanOrEqual(1)
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => nextReportDelay(new Rng('s'), DAY0, bad)).toThrow(/speed must be a positive number/)
  })
})

describe('planReport', () => {
  it('is urgent about once in 25, then always an emergency category; never an emergency otherwise', () => {
    const rng = new Rng('reports')
    const reports = Array.from({ length: 20_000 }, () => planReport(rng))
    const urgent = reports.filter(r => r.urgent)
    expect(urgent.length / reports.length).toBeGreaterThan(URGENT_SHARE * 0.8)
    expect(urgent.length / reports.length).toBeLessThan(URGENT_SHARE * 1.2)
    expect(urgent.every(r => getCategory(r.categoryCode).majorCode === '08')).toBe(true)
    expect(reports.filter(r => !r.urgent).every(r => getCategory(r.categoryCode).majorCode !== '08')).toBe(true)
  })
})

describe('planStep', () => {
  const rng = new Rng('steps')

  it.each([
    ['reported', {}, ['register', 'cancel'], 'centre'],
    ['registered', {}, ['dispatch'], 'centre'],
    ['dispatched', { leadUnitId: 'police' }, ['accept'], 'unit'],
    ['returned', { leadUnitId: 'police' }, ['accept'], 'unit'],
    ['in_progress', { leadUnitId: 'police' }, ['report_back'], 'unit'],
    ['reported_back', { leadUnitId: 'police' }, ['verify_close', 'return_for_rework'], 'centre'],
    ['escalated to the township', { leadUnitId: 'police', escalationLevel: 1 }, ['accept_escalation'], 'centre'],
    ['escalated to the county', { leadUnitId: 'police', escalationLevel: 2 }, ['accept_escalation'], 'county'],
    ['reported_back at the county', { leadUnitId: 'police', escalationLevel: 2 }, ['verify_close', 'return_for_rework'], 'county'],
  ] as const)('%s %o: %o by the %s', (label, over, actions, actor) => {
    const status = label.split(' ')[0] as CaseRecord['status']
    for (let i = 0; i < 200; i++) {
      const step = planStep(rng, kase({ status, ...over }), UNITS)!
      expect(actions).toContain(step.action)
      expect(step.actor).toBe(actor)
    }
  })

  it('closed and cancelled cases need nothing; a case led by a unit the demo does not play waits for it', () => {
    expect(planStep(rng, kase({ status: 'closed' }), UNITS)).toBeNull()
    expect(planStep(rng, kase({ status: 'cancelled' }), UNITS)).toBeNull()
    for (const status of ['dispatched', 'in_progress', 'returned'] as const)
      expect(planStep(rng, kase({ status, leadUnitId: 'environment' }), UNITS)).toBeNull()
  })

  it('dispatches to the category\'s unit when the demo plays it, else to the first it plays', () => {
    expect(getCategory('0502').defaultUnitId).toBe('police')
    expect(planStep(rng, kase({ status: 'registered', categoryCode: '0502' }), UNITS)).toMatchObject({ input: { leadUnitId: 'police' } })
    expect(getCategory('0301').defaultUnitId).not.toBe('governance')
    expect(planStep(rng, kase({ status: 'registered', categoryCode: '0301' }), UNITS)).toMatchObject({ input: { leadUnitId: 'governance' } })
  })

  it('an urgent report is registered well inside 15 minutes, and is never cancelled', () => {
    for (let i = 0; i < 2000; i++) {
      const step = planStep(rng, kase({ urgent: true, categoryCode: '0802' }), UNITS)!
      expect(step.action).toBe('register')
      expect(step.delay).toBeLessThanOrEqual(10 * MINUTE)
      expect(step.delay).toBeGreaterThanOrEqual(2 * MINUTE)
    }
  })

  it('an ordinary report is registered within the hour, a dispute is reported back as mediated, resolved or unresolvable', () => {
    const outcomes = new Set<string>()
    for (let i = 0; i < 500; i++) {
      const reg = planStep(rng, kase({}), UNITS)!
      expect(reg.delay).toBeLessThanOrEqual(60 * MINUTE)
      const back = planStep(rng, kase({ status: 'in_progress', leadUnitId: 'justice', categoryCode: '0101' }), UNITS)!
      outcomes.add((back.input as { outcome: string }).outcome)
    }
    expect([...outcomes].sort()).toEqual(['mediated', 'resolved', 'unresolvable'])
  })

  it('every delay is divided by the speed', () => {
    const slow = planStep(new Rng('x'), kase({ status: 'in_progress', leadUnitId: 'police' }), UNITS)!
    const fast = planStep(new Rng('x'), kase({ status: 'in_progress', leadUnitId: 'police' }), UNITS, 100)!
    expect(fast.delay).toBeCloseTo(slow.delay / 100, -1)
    expect(() => planStep(rng, kase({}), UNITS, 0)).toThrow(RangeError)
  })
})
