import type { TransitionRow } from './transitionsSql'
import { describe, expect, it } from 'vitest'
import { TRANSITIONS } from './machine'
import { normalizeTransitionRows, renderTransitionsSql, sqlString, TRANSITION_COLUMNS, transitionRows } from './transitionsSql'

// Reads the rendered statement back into rows: enough SQL to prove the rendering is faithful.
function parseInsert(sql: string): { table: string, columns: string[], rows: TransitionRow[] } {
  const head = /insert into (\S+) \(([^)]*)\) values\n/.exec(sql)
  if (head === null)
    throw new Error('no insert header')
  const body = sql.slice(head.index + head[0].length).trim().replace(/;$/, '')
  const rows = body.split(/\),\n/).map((line) => {
    const cells: unknown[] = []
    for (const m of line.matchAll(/'((?:[^']|'')*)'|true|false/g)) {
      if (m[1] === undefined) {
        cells.push(m[0] === 'true')
        continue
      }
      const v = m[1].replace(/''/g, '\'')
      cells.push(v.startsWith('{') ? [...v.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(x => x[1]!.replace(/\\(.)/g, '$1')) : v)
    }
    const [action, from_status, to_status, roles, relations, requires, records, bumps_version] = cells
    return { action, from_status, to_status, roles, relations, requires, records, bumps_version } as TransitionRow
  })
  return { table: head[1]!, columns: head[2]!.split(', '), rows }
}

describe('renderTransitionsSql', () => {
  it('renders one row per transition that reads back to the same data', () => {
    const parsed = parseInsert(renderTransitionsSql())
    expect(parsed.table).toBe('public.case_transitions')
    expect(parsed.columns).toEqual([...TRANSITION_COLUMNS])
    expect(parsed.rows).toHaveLength(TRANSITIONS.length)
    expect(parsed.rows).toEqual(transitionRows())
  })

  it('writes arrays, empty arrays and booleans as PostgreSQL literals', () => {
    const sql = renderTransitionsSql()
    expect(sql).toContain(`('register', 'reported', 'registered', '{"county_admin","township_commander","village_chief"}', '{"centre"}', '{}', '{"categoryCode","dueAt","note"}', true)`)
    expect(sql).toContain(`('remind', 'in_progress', 'in_progress', `)
    expect(sql).toMatch(/\('remind', 'reported', .*, false\)/)
  })

  it('escapes quotes and honours a custom table', () => {
    expect(sqlString('it\'s')).toBe(`'it''s'`)
    const odd = [{ ...TRANSITIONS[0]!, records: ['o\'clock', 'say "hi"', 'a\\b', 'x,y'] }]
    const sql = renderTransitionsSql({ table: 'app.t', transitions: odd })
    expect(sql).toContain(`'{"a\\\\b","o''clock","say \\"hi\\"","x,y"}'`)
    const parsed = parseInsert(sql)
    expect(parsed.table).toBe('app.t')
    expect(parsed.rows[0]!.records).toEqual(['a\\b', 'o\'clock', 'say "hi"', 'x,y'])
  })

  it('normalises rows read back in any order, so a database test can compare with toEqual', () => {
    const rows = transitionRows()
    const shuffled = [...rows].reverse().map(r => ({ ...r, roles: [...r.roles].reverse() }))
    expect(normalizeTransitionRows(shuffled)).toEqual(rows)
    const tampered = shuffled.map(r => (r.action === 'verify_close' ? { ...r, roles: [...r.roles, 'grid_worker'] } : r))
    expect(normalizeTransitionRows(tampered)).not.toEqual(rows)
  })
})
