// The shareable view as it lives in the URL (style.md §7): which grid, the period, the measure,
// the switched-on overlays, the open case, the ledger's filters and the supervision tab. Parsing is
// forgiving (anything unknown falls back or is dropped), writing leaves untouched keys alone.
import type { LedgerQuery } from '~/components/cases/ledgerQuery'
import type { CountBasis, Measure } from '~/domain/measures'
import type { PeriodDays } from '~/domain/period'
import { formatLedgerQuery, LEDGER_QUERY_KEYS, parseLedgerQuery } from '~/components/cases/ledgerQuery'
import { parseCountBasis, parseMeasure } from '~/domain/measures'
import { parsePeriodDays } from '~/domain/period'

/** A route's query as vue-router gives it. */
export type RawQuery = Record<string, string | null | (string | null)[] | undefined>

/** The overlays the app knows, and those on when the URL names none. */
export interface OverlayIds {
  readonly ids: readonly string[]
  readonly defaults: readonly string[]
}

/** Everything the URL says about the view. */
export interface ViewState {
  /** The selected grid's code; null on "/", which opens the viewer's top grid. */
  grid: string | null
  periodDays: PeriodDays
  measure: Measure
  /** What counts are coloured against: per 1,000 households unless the URL says `basis=absolute`. */
  basis: CountBasis
  /** Switched-on overlays: known ids only. */
  layers: ReadonlySet<string>
  /** The case open in the drawer. */
  caseId: string | null
  ledger: LedgerQuery
  /** The supervision page's tab; the page decides which values it knows. */
  tab: string | null
}

/** A change to the view; a key left out stays as it is, null clears it. */
export interface ViewPatch {
  periodDays?: PeriodDays | null
  measure?: Measure | null
  basis?: CountBasis | null
  layers?: ReadonlySet<string>
  caseId?: string | null
  ledger?: LedgerQuery
  tab?: string | null
}

/** The keys that follow the user from page to page; the others belong to one page. */
export const VIEW_KEYS = ['period', 'measure', 'basis', 'layers'] as const

function first(v: RawQuery[string]): string | null {
  const x = Array.isArray(v) ? v[0] : v
  return typeof x === 'string' ? x : null
}

/**
 * Parses `layers=cases,patrols`: unknown names ignored, known kept in the registry's order;
 * absent means the defaults, and so does a value naming only unknown overlays (a stale or
 * mistyped link must not switch the roads off), while an empty value means none.
 */
export function parseLayers(value: RawQuery[string], overlays: OverlayIds): ReadonlySet<string> {
  const s = first(value)
  if (s === null)
    return new Set(overlays.defaults)
  const named = s.split(',').filter(name => name !== '')
  const known = overlays.ids.filter(id => named.includes(id))
  if (named.length > 0 && known.length === 0)
    return new Set(overlays.defaults)
  return new Set(known)
}

/** The URL value for a set of overlays, in the registry's order (unknown ids dropped). */
export function formatLayers(layers: ReadonlySet<string>, overlays: OverlayIds): string {
  return overlays.ids.filter(id => layers.has(id)).join(',')
}

/** Reads the view from a route's grid code and query. */
export function parseView(grid: unknown, query: RawQuery, overlays: OverlayIds): ViewState {
  return {
    grid: typeof grid === 'string' && grid !== '' ? grid : null,
    periodDays: parsePeriodDays(first(query.period)),
    measure: parseMeasure(first(query.measure)),
    basis: parseCountBasis(first(query.basis)),
    layers: parseLayers(query.layers, overlays),
    caseId: first(query.case),
    ledger: parseLedgerQuery(query),
    tab: first(query.tab),
  }
}

/** A query with a patch applied: only the patched keys change, and an undefined value removes its key. */
export function patchQuery(query: RawQuery, patch: ViewPatch, overlays: OverlayIds): Record<string, RawQuery[string]> {
  const out: Record<string, RawQuery[string]> = { ...query }
  const set = (key: string, value: string | null | undefined): void => {
    if (value === null || value === undefined)
      delete out[key]
    else
      out[key] = value
  }
  if ('periodDays' in patch)
    set('period', patch.periodDays === null || patch.periodDays === undefined ? null : String(patch.periodDays))
  if ('measure' in patch)
    set('measure', patch.measure)
  // The default basis stays out of the URL, so links keep their short form.
  if ('basis' in patch)
    set('basis', patch.basis === 'absolute' ? 'absolute' : null)
  if (patch.layers !== undefined)
    set('layers', formatLayers(patch.layers, overlays))
  if ('caseId' in patch)
    set('case', patch.caseId)
  if (patch.ledger !== undefined) {
    const formatted = formatLedgerQuery(patch.ledger)
    for (const key of LEDGER_QUERY_KEYS)
      set(key, formatted[key])
  }
  if ('tab' in patch)
    set('tab', patch.tab)
  return out
}

/** The part of a query that moves with the user to another page (period, measure, basis, layers). */
export function viewKeysOf(query: RawQuery): RawQuery {
  const out: RawQuery = {}
  for (const key of VIEW_KEYS) {
    if (query[key] !== undefined)
      out[key] = query[key]
  }
  return out
}
