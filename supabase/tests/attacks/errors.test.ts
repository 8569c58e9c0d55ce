// Bad input that used to surface raw PostgreSQL errors (issue 7, "consistency"): times beyond any
// calendar (22008), numbers beyond a double or an integer (22003), text where numbers belong
// (22P02). Every such argument now answers with the documented code — 22023 naming the argument
// for the read RPCs and set_grid_boundaries, CL006 naming the field for the case loop — and a
// write refused this way changes nothing. (Arguments PostgREST itself must convert to a typed
// parameter, such as "x" for a uuid parameter, fail before any function runs; the data layers
// never send those. See supabase/README.md.)
import type { PoolClient } from 'pg'
import { describe, expect, it } from 'vitest'
import { toUuid } from '../../seed/ids'
import { claimsOf, insertCase, useCaseLoopDatabase } from '../fixtures/caseLoop'
import { gridId } from '../fixtures/territory'
import { callRpc } from '../harness/db'
import { attempt, refusal, snapshot } from './attack'

const db = useCaseLoopDatabase()

const T1 = toUuid(gridId('T1'))
// Beyond a double: JSON carries it (jsonb keeps it as a numeric), JavaScript reads it as Infinity.
const HUGE = '1e400'

/** Calls an RPC with a raw JSON body, so that numbers beyond a double reach the database as typed. */
function rawRpc(name: string, body: string) {
  return (c: PoolClient) => c.query(`select public.${name}(p_filter => $1::jsonb)`, [body])
}

describe('the read RPCs name the bad argument', () => {
  it.each([
    ['a bbox of "a"', '{"bbox": "a"}', 'p_filter.bbox'],
    ['a bbox of letters', '{"bbox": ["a", "b", "c", "d"]}', 'p_filter.bbox'],
    ['a bbox beyond a double', `{"bbox": [${HUGE}, 0, ${HUGE}, 1]}`, 'p_filter.bbox'],
    ['a period in the year 33658', '{"period": {"from": 1e15, "to": 2e15}}', 'p_filter.period.from'],
    ['a period of text', '{"period": {"from": "yesterday"}}', 'p_filter.period'],
    ['a fractional limit', '{"limit": 1.5}', 'p_filter.limit'],
    ['a limit beyond an integer', '{"limit": 1e12}', 'p_filter.limit'],
    ['an offset of text', '{"offset": "x"}', 'p_filter.offset'],
    ['an offset beyond an integer', '{"offset": 1e12}', 'p_filter.offset'],
    ['an unknown status', '{"statuses": ["lost"]}', 'p_filter.statuses'],
    ['a subtree that is not an id', '{"subtreeOf": "x"}', 'p_filter.subtreeOf'],
    ['a search of a megabyte', JSON.stringify({ search: 'x'.repeat(1_000_000) }), 'p_filter.search'],
    ['a filter that is a list', '[1, 2]', 'p_filter'],
  ])('list_cases with %s', async (_what, body, field) => {
    const out = refusal(await attempt(db, claimsOf('admin'), rawRpc('list_cases', body)))
    expect(out.code).toBe('22023')
    expect(out.message.startsWith(field)).toBe(true)
  })

  it.each([
    ['cases_in_view', { p_from: 1e15 }, 'p_from'],
    ['cases_in_view', { p_to: -1e15 }, 'p_to'],
    ['cases_in_view', { p_now: 1e15, p_overdue: true }, 'p_now'],
    ['cases_in_view', { p_bbox: ['NaN', 0, 1, 1] }, 'p_bbox'],
    ['cases_in_view', { p_bbox: [0, 0, 'Infinity', 1] }, 'p_bbox'],
    ['cases_in_view', { p_search: 'x'.repeat(201) }, 'p_search'],
    ['grid_kpis', { p_grid_id: T1, p_from: 0, p_to: 1e15 }, 'p_to'],
    ['grid_kpis', { p_grid_id: T1, p_from: 0, p_to: 1, p_now: -1e15 }, 'p_now'],
    ['grids_geojson', { p_simplify: 'NaN' }, 'p_simplify'],
    ['grids_geojson', { p_bbox: [0, 0, 'Infinity', 1] }, 'p_bbox'],
    ['list_staff', { p_bbox: ['NaN', 0, 1, 1] }, 'p_bbox'],
  ] as const)('%s with %j', async (name, args, field) => {
    const out = refusal(await attempt(db, claimsOf('admin'), c => callRpc(c, name, args)))
    expect(out.code).toBe('22023')
    expect(out.message.startsWith(field)).toBe(true)
  })
})

describe('the write RPCs name the bad field and change nothing', () => {
  const CASES = 'select * from public.cases order by id'
  const EVENTS = 'select * from public.case_events order by id'

  it.each([
    ['a location beyond a double', `{"categoryCode": "0101", "title": "t", "description": "d", "source": "patrol", "location": [${HUGE}, 30]}`, 'location'],
    ['a location of text', '{"categoryCode": "0101", "title": "t", "description": "d", "source": "patrol", "location": ["a", "b"]}', 'location'],
    ['photo ids that are numbers', '{"categoryCode": "0101", "title": "t", "description": "d", "source": "patrol", "location": [120.05, 30.05], "photoIds": [1]}', 'photoIds[0]'],
  ])('create_case with %s', async (_what, body, field) => {
    const before = await snapshot(db, CASES)
    const out = refusal(await attempt(db, claimsOf('admin'), c => c.query('select public.create_case($1::jsonb)', [body])))
    expect(out.code).toBe('CL006')
    expect(JSON.parse(out.detail!)).toMatchObject({ field })
    expect(await snapshot(db, CASES)).toEqual(before)
  })

  it.each([
    ['a deadline beyond a double', `{"dueAt": ${HUGE}}`],
    ['a deadline of text', '{"dueAt": "tomorrow"}'],
    ['a deadline in the year 33658', '{"dueAt": 1e15}'],
  ])('case_transition register with %s', async (_what, input) => {
    const id = await insertCase(db, { status: 'reported' })
    const before = [await snapshot(db, CASES), await snapshot(db, EVENTS)]
    const out = refusal(await attempt(db, claimsOf('admin'), c => c.query('select public.case_transition($1, \'register\', $2::jsonb, 1)', [id, input])))
    expect(out.code).toBe('CL006')
    expect(JSON.parse(out.detail!)).toMatchObject({ field: 'dueAt' })
    expect([await snapshot(db, CASES), await snapshot(db, EVENTS)]).toEqual(before)
  })

  it.each([
    ['a grid id that is not an id', '[{"gridId": "x", "boundary": {"type": "Polygon", "coordinates": []}}]', 'p_changes[0].gridId'],
    ['coordinates of text', `[{"gridId": "${toUuid(gridId('G12'))}", "boundary": {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]}}]`, 'p_changes[0].boundary'],
    ['coordinates beyond a double', `[{"gridId": "${toUuid(gridId('G12'))}", "boundary": {"type": "Polygon", "coordinates": [[[${HUGE}, 0], [1, 2], [3, 4], [${HUGE}, 0]]]}}]`, 'p_changes[0].boundary'],
    ['a point for a boundary', `[{"gridId": "${toUuid(gridId('G12'))}", "boundary": {"type": "Point", "coordinates": [120, 30]}}]`, 'p_changes[0].boundary'],
    ['no list', '{"gridId": "x"}', 'p_changes'],
  ])('set_grid_boundaries with %s', async (_what, body, field) => {
    const before = await snapshot(db, 'select id, extensions.st_astext(boundary) from public.grids order by id')
    const out = refusal(await attempt(db, claimsOf('admin'), c => c.query('select public.set_grid_boundaries($1::jsonb)', [body])))
    expect(out.code).toBe('22023')
    expect(out.message.startsWith(field), out.message).toBe(true)
    expect(await snapshot(db, 'select id, extensions.st_astext(boundary) from public.grids order by id')).toEqual(before)
  })
})
