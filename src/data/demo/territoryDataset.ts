// The demo on an imported territory: the imported grids replace the generated ones, and what the
// generated township holds is kept where it still makes sense — cases, cameras and key places in
// the deepest new grid containing them (dropped when outside every grid), staff and patrol teams of
// grids that keep their code, roads that cross the territory. Re-importing the demo's own export
// therefore gives back the same demo; a real county's file gives its grids with no cases yet.
import type { DemoDataset } from '~/demo'
import type { TerritoryGrid } from '~/domain/territoryImport/pipeline'
import type { Grid, LngLat, Membership } from '~/domain/types'
import { DEMO_USERS } from '~/demo'
import { stableUuid } from '~/demo/random'
import { bboxOfMultiPolygon, unionBBox } from '~/domain/geometry'
import { gridLocator } from '~/domain/territoryImport/diff'
import { areaM2 } from '~/domain/territoryImport/measure'
import { pointInsideMulti } from '~/domain/territoryImport/planar'

/** Grid rows for imported grids: a grid keeping its code keeps its id, staff and counts. */
export function gridsOfTerritory(territory: readonly TerritoryGrid[], before: readonly Grid[]): Grid[] {
  const old = new Map(before.map(g => [g.code, g]))
  const idOf = new Map(territory.map(t => [t.code, old.get(t.code)?.id ?? stableUuid('import', 'grid', t.code)]))
  return territory.map((t): Grid => {
    const o = old.get(t.code)
    return {
      id: idOf.get(t.code)!,
      code: t.code,
      level: t.level,
      parentId: t.parentCode ? idOf.get(t.parentCode) ?? null : null,
      name: t.name,
      // No romanisation of a new name is at hand: the English interface shows it as written.
      nameEn: o && o.name === t.name ? o.nameEn : t.name,
      boundary: t.boundary,
      labelPoint: pointInsideMulti(t.boundary.coordinates),
      areaKm2: areaM2(t.boundary) / 1e6,
      chiefId: o?.chiefId ?? null,
      workerIds: o?.workerIds ?? [],
      households: o?.households ?? 0,
      population: o?.population ?? 0,
    }
  })
}

/** The demo users' memberships on a territory, as the generator gives them on its township. */
export function demoMemberships(grids: readonly Grid[]): Membership[] {
  const township = grids.find(g => g.level === 1) ?? grids[0]
  if (!township)
    return []
  const village = grids.find(g => g.parentId === township.id) ?? township
  const group = grids.find(g => g.parentId === village.id) ?? village
  const out: Membership[] = []
  for (const t of grids.filter(g => g.level === township.level)) {
    out.push({ userId: DEMO_USERS.countyAdmin, gridId: t.id, role: 'county_admin' })
    out.push({ userId: DEMO_USERS.wallViewer, gridId: t.id, role: 'wall_viewer' })
  }
  out.push(
    { userId: DEMO_USERS.townshipCommander, gridId: township.id, role: 'township_commander' },
    { userId: DEMO_USERS.villageChief, gridId: village.id, role: 'village_chief' },
    { userId: DEMO_USERS.gridWorker, gridId: group.id, role: 'grid_worker' },
  )
  return out
}

/** The generated dataset moved onto an imported territory (see the file comment). */
export function datasetOnTerritory(base: DemoDataset, territory: readonly TerritoryGrid[]): DemoDataset {
  const grids = gridsOfTerritory(territory, base.grids).sort((a, b) => a.level - b.level || a.code.localeCompare(b.code))
  const ids = new Set(grids.map(g => g.id))
  const locate = gridLocator(territory)
  const idByCode = new Map(grids.map(g => [g.code, g.id]))
  const gridAt = (p: LngLat): string | null => {
    const t = locate(p)
    return t ? idByCode.get(t.code)! : null
  }
  const relocate = <T extends { location: LngLat, gridId: string }>(list: readonly T[]): T[] =>
    list.flatMap((x) => {
      const gridId = gridAt(x.location)
      return gridId ? [{ ...x, gridId }] : []
    })
  const staff = base.staff.filter(s => ids.has(s.gridId))
  const staffIds = new Set(staff.map(s => s.id))
  const patrolTeams = base.patrolTeams.filter(t => ids.has(t.gridId))
  const teamIds = new Set(patrolTeams.map(t => t.id))
  const box = unionBBox(grids.map(g => bboxOfMultiPolygon(g.boundary)))
  const inBox = ([x, y]: LngLat): boolean => x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]
  const cases = relocate(base.cases)
  const caseIds = new Set(cases.map(c => c.id))
  return {
    ...base,
    grids: grids.map(g => ({ ...g, chiefId: g.chiefId && staffIds.has(g.chiefId) ? g.chiefId : null, workerIds: g.workerIds.filter(w => staffIds.has(w)) })),
    roads: base.roads.filter(r => r.path.coordinates.some(p => inBox([p[0]!, p[1]!]))),
    keyPlaces: relocate(base.keyPlaces),
    patrolTeams,
    patrolRoutes: base.patrolRoutes.filter(r => teamIds.has(r.teamId)),
    cameras: relocate(base.cameras),
    cases,
    // A contact goes with its case: none left behind for a case outside the territory.
    caseContacts: (base.caseContacts ?? []).filter(c => caseIds.has(c.caseId)),
    staff,
    memberships: demoMemberships(grids),
  }
}
