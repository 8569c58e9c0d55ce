// One grid's figures as a plain row of shares, and the traffic light against the targets.
import type { Target, TargetMetric } from './input'
import type { GridFigures } from './summary'

export type TrafficLight = 'green' | 'amber' | 'red' | 'none'

/** A grid's figures as shares in [0, 1]; null where the denominator is zero (no roads, no cases…). */
export interface GridCoverageRow {
  id: string
  areaM2: number
  patrolArea: number | null
  cameraArea: number | null
  eitherArea: number | null
  bothArea: number | null
  k2Area: number | null
  offlineOnlyArea: number | null
  roadM: number
  roadsCovered: number | null
  cases: number
  casesCovered: number | null
  casesCoveredOnDuty: number | null
  keyPlaces: number
  keyPlacesInView: number | null
  keyPlacesCovered: number | null
  blindSpots: number
  blindM2: number
  blindCases: number
  blindRisk: number
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)

/** Row i of the figures. */
export function gridRow(f: GridFigures, i: number): GridCoverageRow {
  const area = f.areaM2[i]!
  return {
    id: f.ids[i]!,
    areaM2: area,
    patrolArea: share(f.patrolM2[i]!, area),
    cameraArea: share(f.cameraM2[i]!, area),
    eitherArea: share(f.eitherM2[i]!, area),
    bothArea: share(f.bothM2[i]!, area),
    k2Area: share(f.k2M2[i]!, area),
    offlineOnlyArea: share(f.offlineOnlyM2[i]!, area),
    roadM: f.roadM[i]!,
    roadsCovered: share(f.roadEitherM[i]!, f.roadM[i]!),
    cases: f.cases[i]!,
    casesCovered: share(f.casesCovered[i]!, f.cases[i]!),
    casesCoveredOnDuty: share(f.casesCoveredOnDuty[i]!, f.cases[i]!),
    keyPlaces: f.keyPlaces[i]!,
    keyPlacesInView: share(f.keyPlacesInView[i]!, f.keyPlaces[i]!),
    keyPlacesCovered: share(f.keyPlacesCovered[i]!, f.keyPlaces[i]!),
    blindSpots: f.blindSpots[i]!,
    blindM2: f.blindM2[i]!,
    blindCases: f.blindCases[i]!,
    blindRisk: f.blindRisk[i]!,
  }
}

const METRIC_OF: Record<TargetMetric, keyof GridCoverageRow> = {
  keyPlacesInView: 'keyPlacesInView',
  keyPlacesCovered: 'keyPlacesCovered',
  patrolArea: 'patrolArea',
  cameraArea: 'cameraArea',
  eitherArea: 'eitherArea',
  roadsCovered: 'roadsCovered',
  casesCoveredOnDuty: 'casesCoveredOnDuty',
}

/** Green at or above the target, amber at or above its amber mark, red below; none without a figure. */
export function trafficLight(value: number | null, target: Target): TrafficLight {
  if (value === null)
    return 'none'
  // Shares are ratios of counts; a hair under 1 from rounding is still the whole.
  const v = value + 1e-12
  return v >= target.green ? 'green' : v >= target.amber ? 'amber' : 'red'
}

/** The traffic light of each targeted metric for one row. */
export function trafficLights(row: GridCoverageRow, targets: Partial<Record<TargetMetric, Target>>): Partial<Record<TargetMetric, TrafficLight>> {
  const out: Partial<Record<TargetMetric, TrafficLight>> = {}
  for (const [metric, target] of Object.entries(targets) as Array<[TargetMetric, Target]>)
    out[metric] = trafficLight(row[METRIC_OF[metric]] as number | null, target)
  return out
}
