// What the schema refuses, and with which message: malformed grid codes, invalid, mistyped or
// mis-projected geometries, inconsistent hierarchies, unmasked phones, malformed schedules; and
// the integrity rules behind the policies (append-only log, copied paths, version bumps).
import type { TestDatabase } from './harness/db'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseGridCode } from '~/domain/gridCode'
import { toUuid } from '../seed/ids'
import { caseId, fixtureTerritory, gridId, USERS, WORKER_STAFF } from './fixtures/territory'
import { asRequest, createTestDatabase, loadDataset, SERVICE, userClaims } from './harness/db'

let db: TestDatabase
beforeAll(async () => {
  db = await createTestDatabase(inject('pg'))
  await loadDataset(db, fixtureTerritory())
})
afterAll(async () => db?.drop())

/** Runs SQL as the superuser in a rolled-back transaction; resolves to the error it raised, or null. */
async function failure(sql: string, params: unknown[] = []): Promise<{ code: string, message: string } | null> {
  const client = await db.admin.connect()
  try {
    await client.query('begin')
    await client.query(sql, params)
    return null
  }
  catch (error) {
    const e = error as { code: string, message: string }
    return { code: e.code, message: e.message }
  }
  finally {
    await client.query('rollback')
    client.release()
  }
}

const square = 'extensions.st_multi(extensions.st_makeenvelope(120.0, 30.0, 120.01, 30.01, 4326))'
const label = 'extensions.st_setsrid(extensions.st_makepoint(120.005, 30.005), 4326)'
function insertGrid(code: string, boundary = square, point = label) {
  return `insert into public.grids (code, name, boundary, label_point, area_km2) values ('${code}', '测试', ${boundary}, ${point}, 1)`
}

describe('grid codes', () => {
  // The same bad codes gridCode.test.ts refuses, with the same reason.
  it.each([
    ['33010200100100x'],
    ['33010200100100'],
    ['000000001000000'],
    ['330102000001000'],
    ['330102001000001'],
    ['330102001001000001'],
    ['330102001001001000'],
  ])('refuses %s with the message parseGridCode gives', async (code) => {
    let expected = ''
    try {
      parseGridCode(code)
    }
    catch (error) {
      expected = (error as Error).message
    }
    expect(expected).not.toBe('')
    const err = await failure(insertGrid(code))
    expect(err?.code).toBe('23514')
    expect(err?.message).toBe(expected)
  })

  it('refuses a grid whose parent does not exist', async () => {
    const err = await failure(insertGrid('330102009001000'))
    expect(err).toEqual({ code: '23503', message: 'Parent grid 330102009000000 of grid 330102009001000 does not exist' })
  })

  it('refuses a parent that contradicts the code', async () => {
    const err = await failure(`insert into public.grids (code, name, boundary, label_point, area_km2, parent_id)
      values ('330102001009000', '测试', ${square}, ${label}, 1, '${toUuid(gridId('T2'))}')`)
    expect(err?.code).toBe('23514')
    expect(err?.message).toBe('Grid 330102001009000 must have parent 330102001000000, not 330102002000000')
  })

  it('derives the level from the code and refuses one given by the client', async () => {
    const err = await failure(`insert into public.grids (code, level, name, boundary, label_point, area_km2)
      values ('330102001009000', 3, '测试', ${square}, ${label}, 1)`)
    expect(err).toEqual({ code: '428C9', message: 'cannot insert a non-DEFAULT value into column "level"' })
  })

  it('refuses a duplicate code', async () => {
    expect((await failure(insertGrid('330102001001000')))?.code).toBe('23505')
  })

  it('derives level, path and parent from the code', async () => {
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      const { rows } = await client.query(`${insertGrid('330102001001001009')} returning level, path::text, parent_id`)
      expect(rows[0]).toEqual({ level: 4, path: '330102.001.001.001.009', parent_id: toUuid(gridId('G11')) })
    }
    finally {
      await client.query('rollback')
      client.release()
    }
  })

  it('keeps code and parent fixed after creation', async () => {
    const err = await failure(`update public.grids set code = '330102001009000' where id = '${toUuid(gridId('V2'))}'`)
    expect(err?.message).toBe('Grid 330102001002000 keeps its code and parent once created; create a new grid instead')
  })
})

describe('geometries', () => {
  it('refuses a self-intersecting boundary and says why', async () => {
    const bowtie = 'extensions.st_geomfromtext(\'MULTIPOLYGON(((120 30,120.01 30.01,120.01 30,120 30.01,120 30)))\', 4326)'
    const err = await failure(insertGrid('330102001009000', bowtie))
    expect(err?.code).toBe('23514')
    expect(err?.message).toMatch(/^Grid 330102001009000 boundary is not a valid polygon: Self-intersection/)
  })

  it('refuses a Polygon where a MultiPolygon is required', async () => {
    const err = await failure(insertGrid('330102001009000', 'extensions.st_makeenvelope(120.0, 30.0, 120.01, 30.01, 4326)'))
    expect(err?.message).toBe('Geometry type (Polygon) does not match column type (MultiPolygon)')
  })

  it('refuses another SRID', async () => {
    const err = await failure(insertGrid('330102001009000', 'extensions.st_multi(extensions.st_makeenvelope(13358338, 3503549, 13359451, 3504834, 3857))'))
    expect(err?.message).toBe('Geometry SRID (3857) does not match column SRID (4326)')
  })

  it('refuses an empty boundary', async () => {
    const err = await failure(insertGrid('330102001009000', 'extensions.st_geomfromtext(\'MULTIPOLYGON EMPTY\', 4326)'))
    expect(err?.message).toMatch(/grids_boundary_not_empty/)
  })

  it('refuses a route that is not a line', async () => {
    const route = await failure(`insert into public.patrol_routes (team_id, name, path, length_km, schedule)
      values ('${toUuid('team-T1')}', 'x', extensions.st_setsrid(extensions.st_makepoint(120, 30), 4326), 1, '{"days":{"kind":"daily"},"windows":[]}')`)
    expect(route?.message).toBe('Geometry type (Point) does not match column type (LineString)')
  })

  it('stores a point without SRID (GeoJSON has none) as WGS 84, and refuses any other SRID', async () => {
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      const { rows } = await client.query(`insert into public.cameras (code, name, kind, location, bearing, fov, range_m, grid_id)
        values ('CAM-X', 'x', 'road', extensions.st_makepoint(120, 30), 0, 60, 50, '${toUuid(gridId('T1'))}') returning extensions.st_srid(location) as srid`)
      expect(rows[0].srid).toBe(4326)
    }
    finally {
      await client.query('rollback')
      client.release()
    }
    const camera = await failure(`insert into public.cameras (code, name, kind, location, bearing, fov, range_m, grid_id)
      values ('CAM-Y', 'x', 'road', extensions.st_setsrid(extensions.st_makepoint(120, 30), 4490), 0, 60, 50, '${toUuid(gridId('T1'))}')`)
    expect(camera?.message).toBe('Geometry SRID (4490) does not match column SRID (4326)')
  })
})

describe('other refusals', () => {
  it('refuses an unmasked phone number for staff', async () => {
    const err = await failure(`insert into public.staff (name, role, grid_id, phone_masked) values ('x', 'worker', '${toUuid(gridId('T1'))}', '13812345678')`)
    expect(err?.message).toMatch(/staff_phone_masked/)
  })

  it.each([
    ['{"days":{"kind":"sometimes"},"windows":[]}', 'days.kind must be one of daily, odd, even, weekdays'],
    ['{"days":{"kind":"weekdays","weekdays":[8]},"windows":[]}', 'days.weekdays: 8 is not an ISO weekday 1–7'],
    ['{"days":{"kind":"daily"},"windows":[{"start":"25:00","end":"06:00"}]}', 'window {"end": "06:00", "start": "25:00"}: start and end must be "HH:MM"'],
  ])('refuses the patrol schedule %s', async (schedule, reason) => {
    const err = await failure(`insert into public.patrol_routes (team_id, name, path, length_km, schedule)
      values ('${toUuid('team-T1')}', 'x', extensions.st_setsrid(extensions.st_makeline(extensions.st_makepoint(120, 30), extensions.st_makepoint(120.01, 30)), 4326), 1, $1)`, [schedule])
    expect(err?.message).toBe(`Invalid patrol schedule: ${reason}`)
  })

  it('refuses a case with an unknown category or a camera bearing out of range', async () => {
    const kase = await failure(`update public.cases set category_code = '9999' where id = '${toUuid(caseId('T1', 'a'))}'`)
    expect(kase?.code).toBe('23503')
    const camera = await failure(`update public.cameras set bearing = 360 where id = '${toUuid('camera-T1')}'`)
    expect(camera?.message).toMatch(/cameras_bearing_range/)
  })
})

describe('the case event log is append-only for everyone', () => {
  beforeAll(async () => {
    await db.admin.query(`insert into public.case_events (case_id, kind, to_status) values ('${toUuid(caseId('G11', 'a'))}', 'register', 'registered')`)
  })

  it.each([
    ['the superuser', null],
    ['service_role', SERVICE],
    ['the county admin', userClaims(USERS.admin)],
  ] as const)('%s can neither update nor delete an event', async (_who, claims) => {
    for (const sql of ['update public.case_events set note = \'changed\'', 'delete from public.case_events']) {
      const run = claims === null
        ? failure(sql)
        : asRequest(db, claims, async (c) => {
            try {
              await c.query(sql)
              return null
            }
            catch (error) {
              return { code: (error as { code: string }).code, message: (error as Error).message }
            }
          })
      const err = await run
      expect(err?.code, sql).toBe('42501')
    }
  })

  it('truncate is refused too', async () => {
    expect(await failure('truncate public.case_events cascade')).toEqual({
      code: '42501',
      message: 'case_events is append-only: truncate is not allowed',
    })
  })

  it('events follow their case to another grid, and nothing else about them changes', async () => {
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      await client.query(`update public.cases set grid_id = '${toUuid(gridId('G12'))}' where id = '${toUuid(caseId('G11', 'a'))}'`)
      const { rows } = await client.query(`select grid_path::text as path from public.case_events where case_id = '${toUuid(caseId('G11', 'a'))}'`)
      expect(rows.map(r => r.path)).toEqual(['330102.001.001.002'])
      const { rows: contact } = await client.query(`select grid_path::text as path from public.case_contacts where case_id = '${toUuid(caseId('G11', 'a'))}'`)
      expect(contact).toEqual([{ path: '330102.001.001.002' }])
      await expect(client.query('update public.case_events set grid_path = \'330102.002\'')).rejects.toThrow(/append-only/)
    }
    finally {
      await client.query('rollback')
      client.release()
    }
  })
})

describe('rows carry the real grid path whatever the client sends', () => {
  it('a chief cannot smuggle a case into another village by sending a grid_path', async () => {
    const outcome = await asRequest(db, userClaims(USERS.chief), async (c) => {
      try {
        await c.query(`insert into public.cases (code, category_code, title, source, location, grid_id, grid_path, due_at)
          values ('SMUGGLE-1', '0101', 'x', 'visit', extensions.st_setsrid(extensions.st_makepoint(120.15, 30.1), 4326), $1, '330102.001.001', now())`, [toUuid(gridId('V2'))])
        return 'inserted'
      }
      catch (error) {
        return (error as { code: string }).code
      }
    })
    expect(outcome).toBe('42501')
  })
})

describe('case versions and reporter contacts', () => {
  it('every update bumps the version and keeps created_by (the RPCs\' updates; API roles may not update cases at all)', async () => {
    const id = toUuid(caseId('V1', 'c'))
    const client = await db.admin.connect()
    try {
      await client.query('begin')
      const before = (await client.query('select created_by from public.cases where id = $1', [id])).rows[0].created_by
      await client.query('update public.cases set description = \'跟进\', version = 1, created_by = gen_random_uuid() where id = $1', [id])
      await client.query('update public.cases set description = \'核实\' where id = $1', [id])
      const { rows } = await client.query('select version, created_by from public.cases where id = $1', [id])
      expect(rows[0]).toEqual({ version: 3, created_by: before })
    }
    finally {
      await client.query('rollback')
      client.release()
    }
    const refused = await asRequest(db, userClaims(USERS.chief), c => c.query('update public.cases set description = \'跟进\' where id = $1', [id]).then(() => null, (e: { code: string }) => e.code))
    expect(refused).toBe('42501')
  })

  it('contacts follow the escalation level: village chief at 0, commander up to 1, county admin always, assignee always', async () => {
    const id = toUuid(caseId('G11', 'a'))
    const readers = async () => {
      const out: string[] = []
      for (const [name, user] of Object.entries(USERS)) {
        const seen = await asRequest(db, userClaims(user), async c => (await c.query('select 1 from public.case_contacts where case_id = $1', [id])).rowCount)
        if (seen)
          out.push(name)
      }
      return out.sort()
    }
    const setLevel = (level: number) => db.admin.query('update public.cases set escalation_level = $2 where id = $1', [id, level])
    try {
      expect(await readers()).toEqual(['admin', 'chief', 'commander', 'worker'])
      await setLevel(1)
      expect(await readers()).toEqual(['admin', 'commander', 'worker'])
      await setLevel(2)
      expect(await readers()).toEqual(['admin', 'worker'])
      await db.admin.query('update public.cases set assignee_id = null where id = $1', [id])
      expect(await readers()).toEqual(['admin'])
    }
    finally {
      await db.admin.query('update public.cases set escalation_level = 0, assignee_id = $2 where id = $1', [id, toUuid(WORKER_STAFF)])
    }
  })
})
