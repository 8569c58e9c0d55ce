import { describe, expect, it } from 'vitest'
import { monthDates } from './clock'
import { checkKoper, checkKoperOverDates, gridsWithoutPatrol } from './koper'

const stop = (hotSpotId: string, start: string, dwellMin: number, teamId = 't1'): { hotSpotId: string, teamId: string, start: string, dwellMin: number } => ({ hotSpotId, teamId, start, dwellMin })

describe('checkKoper', () => {
  it('stops at 0:00 for 12 min, 1:30 for 8 min and 4:00 for 15 min give one dwell flag and one gap flag', () => {
    const r = checkKoper(['market'], [stop('market', '00:00', 12), stop('market', '01:30', 8), stop('market', '04:00', 15)])
    expect(r.dwell).toEqual([{ hotSpotId: 'market', teamId: 't1', start: '01:30', dwellMin: 8, kind: 'short' }])
    expect(r.gaps).toEqual([{ hotSpotId: 'market', fromMin: 98, toMin: 240, gapMin: 142, hotMin: 142 }])
    expect(r.unvisited).toEqual([])
  })

  it('flags long stops, names unvisited hot spots, and lets overlapping stops of two teams close a gap', () => {
    const r = checkKoper(['a', 'b', 'c'], [stop('a', '10:00', 20), stop('a', '10:05', 150, 't2'), stop('a', '14:00', 10), stop('b', '09:00', 12)])
    expect(r.dwell.map(f => `${f.kind}:${f.dwellMin}`)).toEqual(['long:20', 'long:150'])
    // The second team stays until 12:35; 12:35 → 14:00 is 85 min, no gap.
    expect(r.gaps).toEqual([])
    expect(r.unvisited).toEqual(['c'])
  })

  it('with hot hours, counts only hot minutes and closes the day around midnight', () => {
    const rules = { hotWindows: [{ start: '20:00', end: '02:00' }] }
    // Stops at 19:00 and 21:00: 19:12 → 21:00 has 60 hot minutes; 21:12 → 19:00 next day has 21:12–02:00 = 288.
    const r = checkKoper(['x'], [stop('x', '19:00', 12), stop('x', '21:00', 12)], rules)
    expect(r.gaps).toEqual([{ hotSpotId: 'x', fromMin: 21 * 60 + 12, toMin: 19 * 60 + 1440, gapMin: 1308, hotMin: 288 }])
    // Stops every 2 h through the hot hours are compliant.
    const ok = checkKoper(['x'], ['20:00', '21:50', '23:40', '01:30'].map(t => stop('x', t, 12)), rules)
    expect(ok.gaps).toEqual([])
  })

  it('refuses a malformed stop, naming it', () => {
    expect(() => checkKoper(['a'], [stop('a', '25:00', 12)])).toThrow(/stop 0 \(a, team t1\) start must be "HH:MM"/)
    expect(() => checkKoper(['a'], [stop('a', '10:00', 0)])).toThrow(/stop 0 \(a, team t1\) needs a positive dwell/)
  })
})

describe('checkKoperOverDates', () => {
  it('checks odd and even days separately when rosters differ', () => {
    const stops = [
      { ...stop('a', '20:00', 12), days: { kind: 'odd' as const } },
      { ...stop('a', '21:00', 12), days: { kind: 'odd' as const } },
      { ...stop('b', '20:00', 12, 't2'), days: { kind: 'even' as const } },
    ]
    const out = checkKoperOverDates(['a', 'b'], stops, monthDates(2026, 5))
    expect(out.map(g => g.days)).toEqual([{ kind: 'odd' }, { kind: 'even' }])
    expect(out.map(g => g.report.unvisited)).toEqual([['b'], ['a']])
    expect(out[0]!.dates).toHaveLength(16)
  })
})

describe('gridsWithoutPatrol', () => {
  it('finds the days a grid has no route on duty, as a roster rule', () => {
    const evening = [{ start: '19:00', end: '22:00' }]
    const routes = [
      { routeId: 'r1', schedule: { days: { kind: 'odd' as const }, windows: evening }, gridIds: ['g1', 'g2'] },
      { routeId: 'r2', schedule: { days: { kind: 'even' as const }, windows: evening }, gridIds: ['g1'] },
      { routeId: 'r3', schedule: { days: { kind: 'weekdays' as const, weekdays: [1, 2, 3, 4, 5] }, windows: evening }, gridIds: ['g3'] },
    ]
    const out = gridsWithoutPatrol(['g1', 'g2', 'g3', 'g4'], routes, monthDates(2026, 5))
    expect(out.map(g => [g.gridId, g.days])).toEqual([
      ['g2', { kind: 'even' }],
      ['g3', { kind: 'weekdays', weekdays: [6, 7] }],
      ['g4', { kind: 'daily' }],
    ])
  })
})
