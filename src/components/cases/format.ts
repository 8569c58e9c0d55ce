// Times and deadlines as a township centre reads them: China time whatever the machine's zone.
import type { Deadline } from '~/domain/categories'
import type { Millis } from '~/domain/types'

const OFFSET = 8 * 3_600_000

function parts(t: Millis) {
  const d = new Date(t + OFFSET)
  const p = (n: number) => String(n).padStart(2, '0')
  return { y: d.getUTCFullYear(), mo: p(d.getUTCMonth() + 1), d: p(d.getUTCDate()), h: p(d.getUTCHours()), mi: p(d.getUTCMinutes()) }
}

/** "2026-11-18 09:05" in China time. */
export function formatDateTime(t: Millis): string {
  const x = parts(t)
  return `${x.y}-${x.mo}-${x.d} ${x.h}:${x.mi}`
}

/** "11-18 09:05" in China time, for dense lists. */
export function formatShortDateTime(t: Millis): string {
  const x = parts(t)
  return `${x.mo}-${x.d} ${x.h}:${x.mi}`
}

/** The i18n key and count of a default deadline ("5 working days"). */
export function deadlineMessage(d: Deadline): { key: string, n: number } {
  const key = d.unit === 'working_hours' ? 'case.deadline.hours' : d.unit === 'clock_hours' ? 'case.deadline.clockHours' : 'case.deadline.days'
  return { key, n: d.amount }
}
