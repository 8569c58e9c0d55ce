// Coordinates as people type them into a form: decimal degrees in either order, or
// degrees-minutes(-seconds) with signs ("119°36′E 29°52′N", "119d36m05sE"), with ASCII ' and "
// or without any ("119 36 30.5E 29 52N"). Pure: the intake's coordinate field and any other typed
// coordinate read through here; a refusal says what is wrong, for the form to say in its language.
import type { LngLat } from './types'

/** Why a typed coordinate was not understood: not readable as one, or a part out of range. */
export type CoordinateProblem = 'format' | 'range'

/** What exactly is wrong, with the offending number where there is one. */
export type CoordinateFault
  /** Not two coordinates (a place name, one number, three…). */
  = | { kind: 'unreadable' }
  /** Both marked N/S, or both E/W: which is the other one? */
    | { kind: 'sameAxis', axis: 'latitude' | 'longitude' }
  /** A minus sign and a hemisphere on one number ("-29°N"): they may disagree. */
    | { kind: 'signAndHemisphere' }
  /** Minutes or seconds of 60 or more. */
    | { kind: 'minutes' | 'seconds', value: number }
  /** Latitude beyond ±90° or longitude beyond ±180°. */
    | { kind: 'latitude' | 'longitude', value: number }

/** A typed coordinate read, or refused with its problem and what exactly is wrong. */
export type CoordinateResult = { ok: true, value: LngLat } | { ok: false, problem: CoordinateProblem, fault: CoordinateFault }

const UNREADABLE: CoordinateResult = { ok: false, problem: 'format', fault: { kind: 'unreadable' } }

// A degree, minute or second sign, or a hemisphere, marks the sexagesimal form.
const DMS_HINT = /[°º度′’'″”"分秒NSEW]|[东西]经|[南北]纬/i

/**
 * Letters as unit signs, as some GPS exports and people write them: "119d36m05.5s" reads as
 * "119°36′05.5″". A d or m only right after a number; an s only after a minutes group, so the
 * s of "33d51mS" (no seconds) stays the southern hemisphere.
 */
function letterUnits(text: string): string {
  return text
    .replace(/(\d(?:\.\d+)?)\s*[dD](?![a-z])/g, '$1°')
    .replace(/(°\s*\d+(?:\.\d+)?)\s*[mM](?![a-z])/g, '$1′')
    .replace(/(′\s*\d+(?:\.\d+)?)\s*s(?![a-z])/g, '$1″')
}
const HEMISPHERE_WORDS: Record<string, string> = { 东经: 'E', 西经: 'W', 北纬: 'N', 南纬: 'S' }
/**
 * Reads "lng, lat" as people type it: comma (also the full-width ，), semicolon or spaces between
 * the numbers. A pair that looks like "lat, lng" for China (first number below 60, second above
 * 70) is swapped, because that is the order most phone map apps copy. Degrees-minutes(-seconds)
 * are read too ("119°36′E 29°52′N", "29°52'12\"N 119°36'05\"E", "北纬29°52′ 东经119°36′"): a
 * hemisphere letter says which number is which, in either order, and S or W make it negative.
 */
export function parseCoordinate(typed: string): CoordinateResult {
  const text = letterUnits(typed)
  if (DMS_HINT.test(text))
    return parseSexagesimal(text)
  const parts = text.trim().split(/[\s,，;；]+/).filter(p => p !== '')
  if (parts.length !== 2 || !parts.every(p => /^[-+]?\d+(?:\.\d+)?$/.test(p)))
    return UNREADABLE
  return orderAndCheck(Number(parts[0]), Number(parts[1]))
}

function orderAndCheck(first: number, second: number): CoordinateResult {
  let [a, b] = [first, second]
  if (Math.abs(a) < 60 && Math.abs(b) > 70)
    [a, b] = [b, a]
  return checkRange(a, b)
}

// One coordinate: an optional hemisphere before, degrees (sign optional), then minutes and seconds
// (each only after the sign of the unit before it, so digits never split two ways).
const ONE = /\s*(?:([NSEW])\s*)?([-+])?(\d+(?:\.\d+)?)\s*(?:[°º度]\s*(?:(\d+(?:\.\d+)?)\s*[′’'分]\s*(?:(\d+(?:\.\d+)?)\s*(?:[″”"秒]|′′|'')\s*)?)?)?/iy

interface Sexagesimal { value: number, hemisphere: string | undefined }

function readOne(text: string, at: number): { c: Sexagesimal, end: number } | { fault: CoordinateResult & { ok: false } } | null {
  ONE.lastIndex = at
  const m = ONE.exec(text)
  if (m === null)
    return null
  const [, before, sign, deg, min, sec] = m
  let end = ONE.lastIndex
  let hemisphere = before?.toUpperCase()
  // A hemisphere after the number belongs to it only when none came before (else it is the next one's).
  const after = /^([NSEW])\s*/i.exec(text.slice(end))
  if (hemisphere === undefined && after !== null) {
    hemisphere = after[1]!.toUpperCase()
    end += after[0].length
  }
  const minutes = Number(min ?? 0)
  const seconds = Number(sec ?? 0)
  if (minutes >= 60)
    return { fault: { ok: false, problem: 'range', fault: { kind: 'minutes', value: minutes } } }
  if (seconds >= 60)
    return { fault: { ok: false, problem: 'range', fault: { kind: 'seconds', value: seconds } } }
  if (sign === '-' && hemisphere !== undefined)
    return { fault: { ok: false, problem: 'format', fault: { kind: 'signAndHemisphere' } } }
  const magnitude = Number(deg) + minutes / 60 + seconds / 3600
  const negative = sign === '-' || hemisphere === 'S' || hemisphere === 'W'
  return { c: { value: negative ? -magnitude : magnitude, hemisphere }, end }
}

const NUM = String.raw`\d+(?:\.\d+)?`
// Up to three numbers (degrees, minutes, seconds) separated by spaces, closed by a hemisphere letter…
const GROUP_THEN_HEMISPHERE = new RegExp(String.raw`(${NUM})(?:\s+(${NUM}))?(?:\s+(${NUM}))?\s*([NSEW])`, 'gi')
// …or opened by one.
const HEMISPHERE_THEN_GROUP = new RegExp(String.raw`([NSEW])\s*(${NUM})(?:\s+(${NUM}))?(?:\s+(${NUM}))?`, 'gi')
const UNIT_SIGN = /[°º度′’'″”"分秒]/

/** "119 36 30.5E" as "119°36′30.5″E": GPS units and camera platforms write it without signs. */
function withUnitSigns(text: string): string {
  if (UNIT_SIGN.test(text))
    return text
  const signed = (d: string, m?: string, s?: string) => `${d}°${m !== undefined ? `${m}′` : ''}${s !== undefined ? `${s}″` : ''}`
  if (/[NSEW]\s*$/i.test(text))
    return text.replace(GROUP_THEN_HEMISPHERE, (_all, d: string, m?: string, s?: string, h?: string) => `${signed(d, m, s)}${h}`)
  return text.replace(HEMISPHERE_THEN_GROUP, (_all, h: string, d: string, m?: string, s?: string) => `${h}${signed(d, m, s)}`)
}

function parseSexagesimal(raw: string): CoordinateResult {
  const text = withUnitSigns(raw.trim()
    .replace(/[东西]经|[南北]纬/g, w => HEMISPHERE_WORDS[w]!)
    .replace(/[,，;；]/g, ' '))
  const found: Sexagesimal[] = []
  let at = 0
  while (at < text.length && found.length < 3) {
    const r = readOne(text, at)
    if (r === null || ('end' in r && r.end === at))
      return UNREADABLE
    if ('fault' in r)
      return r.fault
    found.push(r.c)
    at = r.end
  }
  if (found.length !== 2 || at < text.length)
    return UNREADABLE
  const [p, q] = found as [Sexagesimal, Sexagesimal]
  const isLat = (c: Sexagesimal) => c.hemisphere === 'N' || c.hemisphere === 'S'
  const isLng = (c: Sexagesimal) => c.hemisphere === 'E' || c.hemisphere === 'W'
  if (isLat(p) && isLat(q))
    return { ok: false, problem: 'format', fault: { kind: 'sameAxis', axis: 'latitude' } }
  if (isLng(p) && isLng(q))
    return { ok: false, problem: 'format', fault: { kind: 'sameAxis', axis: 'longitude' } }
  if (isLat(p) || isLng(q))
    return checkRange(q.value, p.value)
  if (isLng(p) || isLat(q))
    return checkRange(p.value, q.value)
  return orderAndCheck(p.value, q.value)
}

function checkRange(lng: number, lat: number): CoordinateResult {
  if (lat < -90 || lat > 90)
    return { ok: false, problem: 'range', fault: { kind: 'latitude', value: lat } }
  if (lng < -180 || lng > 180)
    return { ok: false, problem: 'range', fault: { kind: 'longitude', value: lng } }
  return { ok: true, value: [lng, lat] }
}
