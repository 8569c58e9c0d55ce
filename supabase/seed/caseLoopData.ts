// The reference data of the case loop as SQL, rendered from the TypeScript definitions so the
// database runs on exactly what the domain runs on: the state machine's transition table
// (renderTransitionsSql) and the township working calendar with its holidays and make-up days.
// build-case-loop-sql.ts writes it into a migration; database tests compare both ways.
import type { WorkingCalendar } from '~/domain/caseLoop'
import { CN_TOWNSHIP_CALENDAR, renderTransitionsSql, sqlString } from '~/domain/caseLoop'

/** The migration the rendered SQL is committed as. */
export const CASE_LOOP_DATA_MIGRATION = '20261121200100_case_loop_data.sql'

/** The calendar rows: the calendar itself (the default one) and one row per holiday and make-up day. */
export function renderCalendarSql(cal: WorkingCalendar = CN_TOWNSHIP_CALENDAR, options: { isDefault?: boolean } = {}): string {
  const periods = JSON.stringify(cal.periods.map(p => ({ start: p.start, end: p.end })))
  const days = [
    ...cal.holidays.filter(d => !cal.makeUpWorkdays.includes(d)).map(d => [d, 'holiday'] as const),
    ...cal.makeUpWorkdays.map(d => [d, 'makeup'] as const),
  ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return [
    'insert into public.working_calendars (id, name, utc_offset_minutes, periods, weekend_days, is_default) values',
    `  (${sqlString(cal.id)}, ${sqlString(cal.id)}, ${cal.utcOffsetMinutes}, ${sqlString(periods)}, '{${cal.weekendDays.join(',')}}', ${options.isDefault ?? true ? 'true' : 'false'});`,
    'insert into public.calendar_days (calendar_id, day, kind) values',
    `${days.map(([d, kind]) => `  (${sqlString(cal.id)}, '${d}', '${kind}')`).join(',\n')};`,
    '',
  ].join('\n')
}

/** The whole data migration. */
export function renderCaseLoopDataSql(): string {
  return [
    '-- The case loop\'s reference data, rendered from the TypeScript domain by',
    '--   npx tsx supabase/seed/build-case-loop-sql.ts',
    '-- Do not edit by hand: change src/domain/caseLoop and regenerate (a database test fails when',
    '-- the table here and the TypeScript machine differ). Once deployed, ship a change as a new',
    '-- migration that deletes and reloads the rows (build-case-loop-sql.ts --out <new file> --reload).',
    '',
    renderTransitionsSql().trimEnd(),
    '',
    '-- The township calendar of workingTime.ts (CN_TOWNSHIP_CALENDAR), the default for new deadlines.',
    renderCalendarSql().trimEnd(),
    '',
  ].join('\n')
}
