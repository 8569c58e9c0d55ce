import type { Camera, CaseRecord, Grid, KeyPlace, Millis, PatrolRoute, PatrolTeam, PatrolTeamKind, Road } from '../types'
// What the coverage engine takes: the domain's own records, plus the planner's settings.
import type { DutyFilter } from './schedule'

/** The fields of a case the engine reads; a whole CaseRecord fits. Cancelled cases are left out. */
export type CoverageCase = Pick<CaseRecord, 'id' | 'location' | 'reportedAt' | 'categoryCode'> & Partial<Pick<CaseRecord, 'status'>>

/** Everything a coverage run looks at. */
export interface CoverageInput {
  /** Grids of every level; a grid whose parent is not listed is a root. */
  grids: readonly Grid[]
  teams: readonly PatrolTeam[]
  routes: readonly PatrolRoute[]
  cameras: readonly Camera[]
  roads?: readonly Road[]
  keyPlaces?: readonly KeyPlace[]
  cases?: readonly CoverageCase[]
}

/** A share a grid is judged against: green at or above `green`, amber at or above `amber`, red below. */
export interface Target {
  green: number
  amber: number
}

/** The shares a traffic light can be shown for. */
export type TargetMetric = 'keyPlacesInView' | 'keyPlacesCovered' | 'patrolArea' | 'cameraArea' | 'eitherArea' | 'roadsCovered' | 'casesCoveredOnDuty'

/** How the KDE bandwidth is chosen: the spatial Silverman rule, or a fixed distance in metres. */
export type Bandwidth = { rule: 'silverman' } | { rule: 'fixed', metres: number }

/** The planner's settings; every field has a default. */
export interface CoverageOptions {
  /** Sampling cell edge, metres (default 5). */
  cellM?: number
  /** Patrol reach by team kind, metres (default 50, a patrol on foot). */
  reachM?: Partial<Record<PatrolTeamKind, number>>
  /** Cases counted: reported in [from, to); all when absent. */
  period?: { from: Millis, to: Millis }
  /** Which patrols count, and which cases (see DutyFilter). */
  filter?: DutyFilter
  /** Smallest uncovered patch reported as a blind spot, m² (default 1,000). */
  minBlindSpotM2?: number
  /** Traffic-light targets; key places in view default to the 雪亮 target of 100 %. */
  targets?: Partial<Record<TargetMetric, Target>>
  /** Local time of the territory, minutes east of UTC (default 480, China). */
  utcOffsetMinutes?: number
  /** Kernel density settings (default: Silverman bandwidth, cell ⅛ of it within 10–100 m). */
  kde?: { bandwidth?: Bandwidth, cellM?: number }
  /** Getis-Ord Gi* on square cells (default 200 m, queen neighbours) and on the grids of one level. */
  hotSpots?: { cellM?: number, bandM?: number, gridLevel?: number }
  /** How far outside the grids' bounding box coordinates may lie, metres (default 1,000). */
  marginM?: number
}

/** The options with every default filled in. */
export interface ResolvedOptions {
  cellM: number
  reachM: Record<PatrolTeamKind, number>
  period: { from: Millis, to: Millis } | null
  filter: DutyFilter | undefined
  minBlindSpotM2: number
  targets: Partial<Record<TargetMetric, Target>>
  utcOffsetMinutes: number
  bandwidth: Bandwidth
  kdeCellM: number | null
  hotCellM: number
  hotBandM: number
  hotGridLevel: number | null
  marginM: number
}

/** Foot patrols see and are seen about 50 m either side of their path (coverage.md). */
export const DEFAULT_REACH_M = 50

/** 雪亮工程: key public places 100 % in view. */
export const DEFAULT_TARGETS: Partial<Record<TargetMetric, Target>> = { keyPlacesInView: { green: 1, amber: 0.9 } }

/** Fills in the defaults. */
export function resolveOptions(o: CoverageOptions = {}): ResolvedOptions {
  const reach = o.reachM ?? {}
  const hotCellM = o.hotSpots?.cellM ?? 200
  return {
    cellM: o.cellM ?? 5,
    reachM: {
      police: reach.police ?? DEFAULT_REACH_M,
      militia: reach.militia ?? DEFAULT_REACH_M,
      volunteer: reach.volunteer ?? DEFAULT_REACH_M,
      security: reach.security ?? DEFAULT_REACH_M,
    },
    period: o.period ?? null,
    filter: o.filter,
    minBlindSpotM2: o.minBlindSpotM2 ?? 1000,
    targets: { ...DEFAULT_TARGETS, ...o.targets },
    utcOffsetMinutes: o.utcOffsetMinutes ?? 480,
    bandwidth: o.kde?.bandwidth ?? { rule: 'silverman' },
    kdeCellM: o.kde?.cellM ?? null,
    hotCellM,
    hotBandM: o.hotSpots?.bandM ?? hotCellM * 1.5,
    hotGridLevel: o.hotSpots?.gridLevel ?? null,
    marginM: o.marginM ?? 1000,
  }
}
