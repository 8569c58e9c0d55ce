import type { GridSet } from './grids'
import type { Rng } from './random'
// Staff serving the grids, and the demo sign-ins for each role.
import type { Grid, Membership, Staff, StaffRole } from '~/domain/types'
import { maskedPhone, personName } from './names'
import { stableUuid } from './random'

/** Well-known user ids of the demo sign-ins, one per role. */
export const DEMO_USERS = {
  countyAdmin: 'demo-county-admin',
  townshipCommander: 'demo-township-commander',
  villageChief: 'demo-village-chief',
  gridWorker: 'demo-grid-worker',
  wallViewer: 'demo-wall-viewer',
} as const

/** Staff and the ids the generator needs to hand out work. */
export interface StaffSet {
  staff: Staff[]
  /** The township centre's commander (指挥长). */
  commanderId: string
}

/**
 * Creates the staff of every grid and fills each grid's chiefId and workerIds: the township has
 * a head (chief) and a centre commander; a village a chief and two workers; a group a chief
 * (group leader) and one worker; a sub-grid one worker.
 */
export function buildStaff(rng: Rng, grids: GridSet, seed: string): StaffSet {
  const used = new Set<string>()
  const staff: Staff[] = []
  const add = (grid: Grid, role: StaffRole, n: number): string => {
    const id = stableUuid(seed, 'staff', grid.code, role, String(n))
    staff.push({ id, name: personName(rng, used), role, gridId: grid.id, phoneMasked: maskedPhone(rng) })
    return id
  }
  let commanderId = ''
  for (const g of grids.all) {
    switch (g.level) {
      case 1:
        g.chiefId = add(g, 'chief', 1)
        commanderId = add(g, 'commander', 1)
        break
      case 2:
        g.chiefId = add(g, 'chief', 1)
        g.workerIds = [add(g, 'worker', 1), add(g, 'worker', 2)]
        break
      case 3:
        g.chiefId = add(g, 'chief', 1)
        g.workerIds = [add(g, 'worker', 1)]
        break
      case 4:
        g.workerIds = [add(g, 'worker', 1)]
        break
    }
  }
  return { staff, commanderId }
}

/** One membership per demo role: county and township roles and the wall screen on the township, the others on one village and one of its groups. */
export function buildMemberships(grids: GridSet): Membership[] {
  const village = grids.all.find(g => g.level === 2 && !grids.settlements[grids.villages.indexOf(g)]!.community) ?? grids.all.find(g => g.level === 2)!
  const group = grids.all.find(g => g.level === 3 && g.parentId === village.id)!
  const township = grids.township.id
  return [
    { userId: DEMO_USERS.countyAdmin, gridId: township, role: 'county_admin' },
    { userId: DEMO_USERS.townshipCommander, gridId: township, role: 'township_commander' },
    { userId: DEMO_USERS.villageChief, gridId: village.id, role: 'village_chief' },
    { userId: DEMO_USERS.gridWorker, gridId: group.id, role: 'grid_worker' },
    { userId: DEMO_USERS.wallViewer, gridId: township, role: 'wall_viewer' },
  ]
}
