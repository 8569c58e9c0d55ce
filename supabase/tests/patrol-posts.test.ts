// Patrol posts (patrol_teams.post): a post is kept inside the team's grid whoever writes it, the
// refusal names the grid and the point, RLS still decides who may write, and list_patrol_teams
// hands the post back for the plan page's response circles.
import type { TestDatabase } from './harness/db'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { toUuid } from '../seed/ids'
import { fixtureTerritory, GRID_CODES, gridId, pointIn, USERS } from './fixtures/territory'
import { asRequest, callRpc, createTestDatabase, loadDataset, SERVICE, userClaims } from './harness/db'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, fixtureTerritory())
})
afterAll(async () => db?.drop())

const team = (key: string) => toUuid(`team-${key}`)
const setPost = 'update public.patrol_teams set post = extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326) where id = $1'

/** The error a statement raises as the given user (rolled back), or the rows it changed. */
async function attempt(user: string | null, sql: string, params: unknown[]): Promise<{ code?: string, message?: string, rows?: number }> {
  try {
    return await asRequest(db, user === null ? SERVICE : userClaims(user), async c => ({ rows: (await c.query(sql, params)).rowCount ?? 0 }))
  }
  catch (error) {
    const e = error as { code: string, message: string }
    return { code: e.code, message: e.message }
  }
}

describe('patrol team posts', () => {
  it('takes a post inside the team\'s grid and lists it', async () => {
    const [lng, lat] = pointIn('V1', 0.3, 0.3)
    const listed = await asRequest(db, userClaims(USERS.commander), async (c) => {
      expect((await c.query(setPost, [team('V1'), lng, lat])).rowCount).toBe(1)
      return callRpc<{ items: Array<{ id: string, post: [number, number] | null }> }>(c, 'list_patrol_teams', { p_subtree_of: toUuid(gridId('V1')) })
    })
    const mine = listed.items.find(t => t.id === team('V1'))!
    expect(mine.post![0]).toBeCloseTo(lng, 9)
    expect(mine.post![1]).toBeCloseTo(lat, 9)
    // A team without a post lists null, not a point at 0,0.
    expect(listed.items.find(t => t.id === team('G11'))!.post).toBeNull()
  })

  it.each([
    ['a point in another township', pointIn('T2', 0.5, 0.5)],
    ['0,0', [0, 0]],
  ])('refuses %s, naming the grid and the point, for any writer', async (_label, [lng, lat]) => {
    for (const user of [USERS.commander, null]) {
      const r = await attempt(user, setPost, [team('V1'), lng, lat])
      expect(r.code).toBe('23514')
      expect(r.message).toBe(`patrol team post [${lng!.toFixed(6)}, ${lat!.toFixed(6)}] lies outside the team's grid ${GRID_CODES.V1}`)
    }
  })

  it('refuses moving a team to another grid while its post stays behind', async () => {
    const [lng, lat] = pointIn('V1', 0.3, 0.3)
    const r = await attempt(null, `${setPost.replace(' where', ', grid_id = $4 where')}`, [team('V1'), lng, lat, toUuid(gridId('V2'))])
    expect(r.code).toBe('23514')
    expect(r.message).toContain(`lies outside the team's grid ${GRID_CODES.V2}`)
  })

  it('leaves who may write to RLS: a village chief cannot place another village\'s post, an outsider nothing', async () => {
    const [lng, lat] = pointIn('V2', 0.3, 0.3)
    expect(await attempt(USERS.chief, setPost, [team('V2'), lng, lat])).toEqual({ rows: 0 })
    expect(await attempt(USERS.outsider, setPost, [team('V2'), lng, lat])).toEqual({ rows: 0 })
    // And a refusal never names a grid the writer cannot see: the foreign commander's own update
    // finds no row, so no trigger runs and nothing is said about V2.
    expect(await attempt(USERS.foreignCommander, setPost, [team('V2'), 0, 0])).toEqual({ rows: 0 })
    // An insert into a grid they cannot see is checked under their RLS: refused, and the grid named only by the id they sent.
    const insert = await attempt(USERS.foreignCommander, 'insert into public.patrol_teams (name, kind, grid_id, post) values (\'假队\', \'militia\', $1, extensions.st_setsrid(extensions.st_makepoint(0, 0), 4326))', [toUuid(gridId('V2'))])
    expect(insert.code).toBe('23514')
    expect(insert.message).toContain(`outside the team's grid ${toUuid(gridId('V2'))}`)
    expect(insert.message).not.toContain(GRID_CODES.V2)
  })
})
