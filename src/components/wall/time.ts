// Times on the wall, in the centre's local time (a fixed offset, whatever the machine's zone).
import type { Millis } from '~/domain/types'
import { CHINA_UTC_OFFSET_MIN } from '~/domain/wall'

const pad = (n: number) => String(n).padStart(2, '0')

/** "hh:mm:ss" of `t`. */
export function clockText(t: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): string {
  const d = new Date(t + utcOffsetMinutes * 60_000)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** "hh:mm" of `t`. */
export function minuteText(t: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): string {
  return clockText(t, utcOffsetMinutes).slice(0, 5)
}

/** "yyyy-mm-dd" of `t`. */
export function dateText(t: Millis, utcOffsetMinutes = CHINA_UTC_OFFSET_MIN): string {
  const d = new Date(t + utcOffsetMinutes * 60_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** A countdown "mm:ss" of a duration (its absolute value; the caller says whether it is late). */
export function countdownText(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000)
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`
}

/** How long without confirmed data before the wall says the connection is lost. */
export const WALL_STALE_MS = 30_000

/** The moment the wall lost touch, or null while what it shows is confirmed current. */
export function lostSince(freshAsOf: Millis, now: Millis, staleMs = WALL_STALE_MS): Millis | null {
  return now - freshAsOf >= staleMs ? freshAsOf : null
}
