import type { GridSet } from './grids'
import type { HotSpot, HotSpotRole, PlaceSet } from './places'
import type { LocalProjection } from './projection'
import type { Rng } from './random'
import type { StaffSet } from './staff'
import type { Territory } from './territory'
// A year of cases before the anchor. Where: clustered at hot spots (market, school gates, a
// building site, the bus station, the busiest junction) and otherwise spread with the
// population. When: weekday and working-hour rhythm with seasonal swings per category (wage
// disputes before the Spring Festival, burning at harvest, landslides in the rainy season).
// How far along: each case gets a full timeline, and its state is whatever has happened by the
// anchor, so older cases are mostly closed and recent ones open at every stage.
//
// Field conventions the generated records follow:
// - registeredAt is null only while 'reported'; dispatchedAt is set from 'dispatched' on (also
//   for 'escalated', which happens after a first dispatch); reportedBackAt from 'reported_back'
//   on ('returned' keeps the time of the report that was sent back); closedAt only when 'closed'.
// - 'cancelled' cases (duplicates, invalid reports) were registered and never dispatched.
// - outcome is set exactly for 'reported_back' and 'closed'; leadUnitId (the category's default
//   unit) and assigneeId exactly once dispatched; assigneeId is the grid's worker at village
//   level, the township commander once escalated to the township, and null at county level.
// - version counts the recorded transitions, starting at 1 for the report.
import type { CaseOutcome, CaseRecord, CaseSource, CaseStatus, EscalationLevel, Grid, LngLat, Millis } from '~/domain/types'
import { CN_TOWNSHIP_CALENDAR, defaultDueAt, nextWorkingInstant } from '~/domain/caseLoop/workingTime'
import { getCategory } from '~/domain/categories'
import { caseDescription, caseTitle } from './caseText'
import { TOWNSHIP } from './names'
import { cumulativeWeights, stableUuid } from './random'

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
/** China Standard Time is UTC+8 all year. */
const LOCAL_OFFSET = 8 * HOUR
/** The calendar deadlines are counted on: the case loop's own, so a generated due date is one the loop would set. */
const CALENDAR = CN_TOWNSHIP_CALENDAR

/** Index of the local calendar day containing t (days since 1970-01-01 local). */
function localDay(t: Millis): number {
  return Math.floor((t + LOCAL_OFFSET) / DAY)
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day index; 1970-01-01 was a Thursday. */
function isoWeekday(day: number): number {
  return ((day + 3) % 7 + 7) % 7 + 1
}

/** A drawn duration as whole milliseconds: every time in the data is an integer epoch ms, as the database keeps it. */
function ms(duration: number): number {
  return Math.round(duration)
}

/** Relative frequency of each subcategory away from hot spots. */
const BACKGROUND: Record<string, number> = {
  '0101': 10,
  '0102': 4,
  '0103': 5,
  '0104': 2,
  '0105': 2,
  '0106': 1.5,
  '0107': 0.5,
  '0108': 0.5,
  '0109': 0.6,
  '0199': 2,
  '0201': 1.5,
  '0202': 0.8,
  '0203': 1.5,
  '0204': 2,
  '0301': 7,
  '0302': 2.5,
  '0303': 2,
  '0304': 1.5,
  '0305': 1.5,
  '0306': 1.5,
  '0307': 0.6,
  '0401': 4,
  '0402': 2,
  '0403': 0.3,
  '0404': 2,
  '0405': 0.5,
  '0406': 1.5,
  '0407': 0.8,
  '0408': 2,
  '0501': 1.2,
  '0502': 1.8,
  '0503': 2,
  '0504': 0.8,
  '0505': 0.5,
  '0506': 0.6,
  '0601': 3,
  '0602': 3,
  '0603': 1.5,
  '0604': 1.5,
  '0605': 1.5,
  '0606': 1,
  '0701': 3,
  '0702': 2.5,
  '0703': 0.6,
  '0704': 0.5,
  '0705': 0.4,
  '0801': 0.08,
  '0802': 0.3,
  '0803': 0.3,
  '0804': 0.25,
  '0805': 0.08,
  '0806': 0.2,
}

/** What happens around each kind of hot spot. */
const AT_HOT_SPOT: Record<HotSpotRole, Record<string, number>> = {
  market: { '0505': 10, '0107': 5, '0407': 4, '0502': 3, '0101': 2, '0301': 3, '0506': 2, '0501': 1, '0401': 1 },
  school_gate: { '0403': 8, '0402': 6, '0505': 3, '0501': 1, '0407': 1, '0806': 0.3 },
  construction: { '0104': 9, '0307': 5, '0304': 5, '0404': 4, '0202': 2, '0801': 0.3, '0601': 1 },
  station: { '0502': 4, '0506': 3, '0505': 3, '0503': 1, '0402': 2, '0301': 1 },
  junction: { '0402': 6, '0803': 2, '0109': 3, '0601': 2, '0602': 3, '0605': 1, '0505': 1 },
}

/** Seasonal multiplier for a subcategory in a month (1–12). */
function season(code: string, month: number): number {
  const inMonths = (months: number[], factor: number): number => months.includes(month) ? factor : 1
  switch (code) {
    case '0104': return inMonths([12, 1, 2], 3)
    case '0303': return inMonths([6, 10, 11], 3)
    case '0406':
    case '0804':
    case '0606': return inMonths([5, 6, 7, 8, 9], 2.5)
    case '0401': return inMonths([11, 12, 1, 2, 3], 1.6)
    case '0802': return inMonths([12, 1, 2, 3], 2)
    case '0103': return inMonths([3, 4], 1.6)
    case '0302':
    case '0306': return inMonths([6, 7, 8], 1.4)
    case '0604':
    case '0603': return inMonths([7, 8], 1.6)
    default: return 1
  }
}

const SOURCES: Record<string, Partial<Record<CaseSource, number>>> = {
  '01': { visit: 30, phone: 25, patrol: 25, sweep: 15, letter: 3, handover: 2 },
  '02': { visit: 40, letter: 20, phone: 20, patrol: 10, handover: 10 },
  '03': { patrol: 50, phone: 25, camera: 10, visit: 10, sweep: 5 },
  '04': { patrol: 45, sweep: 25, phone: 15, camera: 10, handover: 5 },
  '05': { phone: 40, camera: 25, patrol: 25, visit: 10 },
  '06': { patrol: 45, phone: 40, camera: 10, visit: 5 },
  '07': { visit: 40, letter: 25, phone: 25, handover: 10 },
  '08': { phone: 60, camera: 20, patrol: 20 },
}

// Reports by local hour of day: office hours, a lull at lunch, little at night.
const HOUR_WEIGHTS = cumulativeWeights([0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.5, 3.2, 3.2, 2.6, 1.5, 1.8, 2.8, 3, 2.8, 2.2, 1.5, 1.2, 1, 0.8, 0.5, 0.3])

/** Sources per major category, as keys and cumulative weights for fast draws. */
const SOURCE_PICKS = new Map(Object.entries(SOURCES).map(([major, weights]) => {
  const keys = Object.keys(weights) as CaseSource[]
  return [major, { keys, cumulative: cumulativeWeights(keys.map(k => weights[k]!)) }]
}))

interface Origin {
  location: LngLat
  grid: Grid
  hotSpot: HotSpot | null
}

/** Inputs the case generator needs. */
export interface CaseContext {
  anchor: Millis
  territory: Territory
  grids: GridSet
  places: PlaceSet
  staff: StaffSet
  projection: LocalProjection
  seed: string
  /** How many cases; drawn from the seed when not given. */
  count?: number
}

/** Generates 3,000–5,000 cases reported in the 365 days before the anchor, oldest first. */
export function buildCases(rng: Rng, ctx: CaseContext): CaseRecord[] {
  const { anchor, grids } = ctx
  const drawn = rng.int(3700, 4300)
  const count = ctx.count ?? drawn
  const byId = new Map(grids.all.map(g => [g.id, g]))
  const finestWeights = cumulativeWeights(grids.finest.map(g => g.population))
  const cellWeights = ctx.territory.finest.map(f => cumulativeWeights((f.level === 4 ? ctx.territory.subs[f.index]! : ctx.territory.groups[f.index]!).cells.map(h => ctx.territory.density[h]!)))
  const categoryWeights = new Map<string, { codes: string[], cumulative: Float64Array }>()
  const hotShare = ctx.places.hotSpots.reduce((a, h) => a + h.share, 0)
  const lastDay = localDay(anchor)
  const drafts: Array<Omit<CaseRecord, 'id' | 'code'>> = []
  for (let i = 0; i < count; i++) {
    const reportedAt = drawReportTime(rng, anchor, lastDay)
    const month = new Date(reportedAt + LOCAL_OFFSET).getUTCMonth() + 1
    const origin = rng.chance(hotShare) ? atHotSpot(rng, ctx) : inBackground(rng, ctx, finestWeights, cellWeights)
    const village = ancestorAt(origin.grid, 2, byId)
    const community = ctx.grids.settlements[ctx.grids.villages.indexOf(village)]?.community ?? false
    const tableKey = `${origin.hotSpot?.role ?? 'background'}/${month}/${community}`
    let table = categoryWeights.get(tableKey)
    if (table === undefined) {
      const base = origin.hotSpot === null ? BACKGROUND : AT_HOT_SPOT[origin.hotSpot.role]
      const codes = Object.keys(base)
      // Property disputes belong to communities, farm burning and livestock to villages.
      table = { codes, cumulative: cumulativeWeights(codes.map(c => base[c]! * season(c, month) * ((c === '0106' && !community) || ((c === '0305' || c === '0303') && community) ? 0.05 : 1))) }
      categoryWeights.set(tableKey, table)
    }
    const categoryCode = table.codes[rng.cumulativeIndex(table.cumulative)]!
    const group = ancestorAt(origin.grid, 3, byId)
    const where = `${village.name}${group.name}${origin.hotSpot === null ? '' : `${origin.hotSpot.placeName}附近`}`
    drafts.push(caseLifecycle(rng, ctx, { reportedAt, categoryCode, location: origin.location, grid: origin.grid, where }))
  }
  drafts.sort((a, b) => a.reportedAt - b.reportedAt)
  const perYear = new Map<number, number>()
  return drafts.map((d, i) => {
    const year = new Date(d.reportedAt + LOCAL_OFFSET).getUTCFullYear()
    const seq = (perYear.get(year) ?? 0) + 1
    perYear.set(year, seq)
    return { id: stableUuid(ctx.seed, 'case', String(i)), code: `${TOWNSHIP.casePrefix}-${year}-${String(seq).padStart(6, '0')}`, ...d }
  })
}

function drawReportTime(rng: Rng, anchor: Millis, lastDay: number): Millis {
  for (;;) {
    const day = lastDay - rng.int(0, 364)
    const weekend = isoWeekday(day) >= 6
    const month = new Date(day * DAY).getUTCMonth() + 1
    // Quieter weekends and Spring Festival, a gentle rise over the year as reporting catches on.
    const factor = (weekend ? 0.6 : 1) * (month === 2 ? 0.75 : 1) * (0.9 + 0.2 * (1 - (lastDay - day) / 365))
    if (rng.next() * 1.1 > factor)
      continue
    const hour = rng.cumulativeIndex(HOUR_WEIGHTS)
    const t = day * DAY - LOCAL_OFFSET + hour * HOUR + rng.int(0, 59) * MINUTE + rng.int(0, 59) * 1000
    if (t < anchor - MINUTE)
      return t
  }
}

function atHotSpot(rng: Rng, ctx: CaseContext): Origin {
  const spots = ctx.places.hotSpots
  const spot = spots[rng.weightedIndex(spots.map(s => s.share))]!
  const [x, y] = ctx.projection.toPlanar(spot.location)
  for (let attempt = 0; attempt < 50; attempt++) {
    const location = ctx.projection.toLngLat([x + rng.normal(0, spot.spreadKm), y + rng.normal(0, spot.spreadKm)])
    const grid = ctx.grids.locator.locate(location)
    if (grid !== null)
      return { location, grid, hotSpot: spot }
  }
  throw new Error(`no place for a case near ${spot.placeName}`)
}

function inBackground(rng: Rng, ctx: CaseContext, weights: Float64Array, cellWeights: readonly Float64Array[]): Origin {
  const t = ctx.territory
  for (let attempt = 0; attempt < 50; attempt++) {
    const f = rng.cumulativeIndex(weights)
    const region = t.finest[f]!.level === 4 ? t.subs[t.finest[f]!.index]! : t.groups[t.finest[f]!.index]!
    const cell = region.cells[rng.cumulativeIndex(cellWeights[f]!)]!
    const [cx, cy] = t.grid.centre(cell)
    const r = t.grid.size
    const location = ctx.projection.toLngLat([cx + rng.range(-r, r), cy + rng.range(-r, r)])
    const grid = ctx.grids.locator.locate(location)
    if (grid !== null)
      return { location, grid, hotSpot: null }
  }
  throw new Error('no place for a background case')
}

function ancestorAt(grid: Grid, level: number, byId: ReadonlyMap<string, Grid>): Grid {
  let g = grid
  while (g.level > level && g.parentId !== null)
    g = byId.get(g.parentId)!
  return g
}

interface Draft {
  reportedAt: Millis
  categoryCode: string
  location: LngLat
  grid: Grid
  where: string
}

/** Draws a case's whole timeline and keeps what has happened by the anchor. */
function caseLifecycle(rng: Rng, ctx: CaseContext, d: Draft): Omit<CaseRecord, 'id' | 'code'> {
  const anchor = ctx.anchor
  const cat = getCategory(d.categoryCode)
  const major = d.categoryCode.slice(0, 2)
  const sources = SOURCE_PICKS.get(major)!
  const source = sources.keys[rng.cumulativeIndex(sources.cumulative)]!
  const urgent = cat.urgentByDefault || rng.chance(0.01)
  const title = caseTitle(rng, d.categoryCode)
  const description = caseDescription(rng, d.categoryCode, source, d.where, title)

  // The timeline as it would run to the end. Off-hours reports are registered once the centre opens.
  const registeredAt = urgent
    ? d.reportedAt + ms(clamp(rng.logNormal(6 * MINUTE, 0.5), MINUTE, 40 * MINUTE))
    : nextWorkingInstant(d.reportedAt, CALENDAR) + ms(clamp(rng.logNormal(35 * MINUTE, 0.9), 2 * MINUTE, 8 * HOUR))
  const dueAt = defaultDueAt(d.categoryCode, registeredAt, CALENDAR)
  const allowed = dueAt - registeredAt
  const cancelled = rng.chance(0.015)
  const cancelledAt = registeredAt + ms(rng.logNormal(3 * HOUR, 0.6))
  // Dispatch and acceptance take hours, but never most of a short deadline.
  const dispatchedAt = registeredAt + ms(urgent ? rng.logNormal(8 * MINUTE, 0.5) : Math.min(allowed * 0.1, rng.logNormal(3 * HOUR, 0.9)))
  const acceptedAt = dispatchedAt + ms(urgent ? rng.logNormal(5 * MINUTE, 0.5) : Math.min(allowed * 0.1, rng.logNormal(2 * HOUR, 0.9)))
  // A few cases get stuck: they run past their deadline, and half of those go up a level.
  const stuck = rng.chance(0.035)
  const escalations: Array<{ at: Millis, back: Millis }> = []
  if (rng.chance(stuck ? 0.5 : cat.isDispute ? 0.06 : 0.02)) {
    const at = stuck ? dueAt + ms(rng.range(0, 3) * DAY) : acceptedAt + ms((dueAt - acceptedAt) * rng.range(0.3, 0.9))
    escalations.push({ at, back: at + ms(rng.logNormal((stuck ? 4 : 1.5) * DAY, 0.6)) })
    if (rng.chance(stuck ? 0.3 : 0.1)) {
      const at2 = escalations[0]!.back + ms(stuck ? rng.range(3, 10) * DAY : (dueAt - acceptedAt) * rng.range(0.3, 0.8))
      escalations.push({ at: at2, back: at2 + ms(rng.logNormal(5 * DAY, 0.5)) })
    }
  }
  const handlingFrom = escalations.length > 0 ? escalations[escalations.length - 1]!.back : acceptedAt
  // Handling plus verification take a share of the time left; few run late unless stuck.
  const total = stuck ? rng.range(1.5, cat.isDispute ? 12 : 8) * allowed : rng.logNormal(0.45, 0.4) * Math.max(dueAt - handlingFrom, 0.3 * allowed)
  const firstReport = handlingFrom + ms(Math.max(10 * MINUTE, 0.8 * total))
  const returned = rng.chance(0.05)
  const returnAt = firstReport + ms(Math.max(10 * MINUTE, 0.1 * total))
  const finalReport = returned ? returnAt + ms(Math.max(30 * MINUTE, 0.2 * total)) : firstReport
  const closedAt = finalReport + ms(Math.max(15 * MINUTE, 0.2 * total))
  const firstOutcome = drawOutcome(rng, cat.isDispute, stuck)
  const outcome = returned ? drawOutcome(rng, cat.isDispute, stuck) : firstOutcome

  // What has happened by the anchor.
  let status: CaseStatus
  let reportedBackAt: Millis | null = null
  let closed: Millis | null = null
  let result: CaseOutcome | null = null
  let events = 1
  // A cancelled case never reaches handling, so it is never escalated either.
  const escalationLevel = (cancelled ? 0 : Math.min(2, escalations.filter(e => e.at <= anchor).length)) as EscalationLevel
  const waitingUpstairs = escalations.some(e => e.at <= anchor && anchor < e.back)
  if (registeredAt > anchor) {
    status = 'reported'
  }
  else if (cancelled) {
    status = cancelledAt <= anchor ? 'cancelled' : 'registered'
    events += cancelledAt <= anchor ? 2 : 1
  }
  else if (dispatchedAt > anchor) {
    status = 'registered'
    events += 1
  }
  else {
    events += 2 + escalations.reduce((a, e) => a + (e.at <= anchor ? 1 : 0) + (e.back <= anchor ? 1 : 0), 0)
    if (waitingUpstairs) {
      status = 'escalated'
    }
    else if (anchor < acceptedAt) {
      status = 'dispatched'
    }
    else if (anchor < firstReport) {
      status = 'in_progress'
      events += 1
    }
    else if (returned && anchor < returnAt) {
      status = 'reported_back'
      reportedBackAt = firstReport
      result = firstOutcome
      events += 2
    }
    else if (returned && anchor < finalReport) {
      status = 'returned'
      reportedBackAt = firstReport
      events += 3
    }
    else {
      reportedBackAt = finalReport
      result = outcome
      events += returned ? 4 : 2
      if (anchor < closedAt) {
        status = 'reported_back'
      }
      else {
        status = 'closed'
        closed = closedAt
        events += 1
      }
    }
  }
  const dispatched = status !== 'reported' && status !== 'registered' && status !== 'cancelled'
  const open = status !== 'closed' && status !== 'cancelled'
  const supervised = escalationLevel === 2
    || rng.chance(open && dueAt < anchor ? 0.8 : open && dueAt - anchor < 0.2 * allowed ? 0.2 : closed !== null && closed > dueAt ? 0.4 : 0.01)
  const worker = d.grid.workerIds[0] ?? null
  return {
    categoryCode: d.categoryCode,
    title,
    description,
    source,
    status,
    outcome: result,
    urgent,
    location: d.location,
    gridId: d.grid.id,
    escalationLevel,
    leadUnitId: dispatched ? cat.defaultUnitId : null,
    assigneeId: dispatched ? (escalationLevel === 0 ? worker : escalationLevel === 1 ? ctx.staff.commanderId : null) : null,
    reportedAt: d.reportedAt,
    registeredAt: status === 'reported' ? null : registeredAt,
    dispatchedAt: dispatched ? dispatchedAt : null,
    reportedBackAt,
    closedAt: closed,
    dueAt,
    supervised,
    version: events + (supervised ? 1 : 0),
  }
}

function drawOutcome(rng: Rng, dispute: boolean, hard: boolean): CaseOutcome {
  const outcomes: CaseOutcome[] = ['resolved', 'mediated', 'unresolvable', 'referred']
  const weights = dispute
    ? (hard ? [15, 40, 25, 20] : [28, 62, 5, 5])
    : (hard ? [70, 0, 15, 15] : [93, 0, 3, 4])
  return outcomes[rng.weightedIndex(weights)]!
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v))
}
