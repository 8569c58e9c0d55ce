import type { OverlayIds } from './viewState'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LEDGER_QUERY } from '~/components/cases/ledgerQuery'
import { fakeRouter } from './testing/fakeRouter'
import { createViewState } from './useViewState'
import { formatLayers, parseLayers, parseView, patchQuery } from './viewState'

const OVERLAYS: OverlayIds = { ids: ['cases', 'heatmap', 'patrols', 'cameras', 'keyPlaces', 'roads'], defaults: ['roads'] }

describe('the view in the URL (pure)', () => {
  it('reads every part of the view, falling back on anything it does not know', () => {
    const v = parseView('3501', { period: '90', measure: 'overdue', layers: 'cameras,cases', case: 'c-1', status: 'dispatched', sort: 'due', asc: '1', tab: 'overdue' }, OVERLAYS)
    expect(v).toMatchObject({ grid: '3501', periodDays: 90, measure: 'overdue', caseId: 'c-1', tab: 'overdue' })
    expect([...v.layers]).toEqual(['cases', 'cameras'])
    expect(v.ledger).toMatchObject({ statuses: ['dispatched'], sort: 'due', desc: false })

    const d = parseView(undefined, { period: '13', measure: 'nonsense' }, OVERLAYS)
    expect(d).toMatchObject({ grid: null, periodDays: 30, measure: 'cases', caseId: null, tab: null })
    expect([...d.layers]).toEqual(['roads'])
    expect(d.ledger).toEqual(DEFAULT_LEDGER_QUERY)
  })

  it('ignores unknown layers and keeps the known ones; an empty value means none, absent the defaults', () => {
    expect([...parseLayers('coverage,cases,<script>,roads', OVERLAYS)]).toEqual(['cases', 'roads'])
    expect([...parseLayers('', OVERLAYS)]).toEqual([])
    // A link naming only overlays this build does not know keeps the defaults (the roads stay on).
    expect([...parseLayers('nonsense', OVERLAYS)]).toEqual(['roads'])
    expect([...parseLayers('nonsense,,other', OVERLAYS)]).toEqual(['roads'])
    expect([...parseLayers(undefined, OVERLAYS)]).toEqual(['roads'])
    expect([...parseLayers(['patrols', 'cases'], OVERLAYS)]).toEqual(['patrols'])
    expect(formatLayers(new Set(['roads', 'unknown', 'cases']), OVERLAYS)).toBe('cases,roads')
  })

  it('changes only the patched keys and removes cleared ones', () => {
    const q = { period: '7', layers: 'cases', case: 'c-1', status: 'closed', foreign: 'kept' }
    expect(patchQuery(q, { caseId: null }, OVERLAYS)).toEqual({ period: '7', layers: 'cases', status: 'closed', foreign: 'kept' })
    expect(patchQuery(q, { measure: 'open', layers: new Set() }, OVERLAYS)).toEqual({ ...q, measure: 'open', layers: '' })
    // The ledger owns its keys: defaults leave the URL, the rest of the view stays.
    expect(patchQuery(q, { ledger: { ...DEFAULT_LEDGER_QUERY, overdue: true } }, OVERLAYS)).toEqual({ period: '7', layers: 'cases', case: 'c-1', overdue: '1', foreign: 'kept' })
    expect(patchQuery(q, { periodDays: 365 }, OVERLAYS).period).toBe('365')
    expect(patchQuery(q, {}, OVERLAYS)).toEqual(q)
  })

  it('colours counts per households unless the URL says basis=absolute, which alone is written', () => {
    expect(parseView(null, {}, OVERLAYS).basis).toBe('households')
    expect(parseView(null, { basis: 'absolute' }, OVERLAYS).basis).toBe('absolute')
    expect(parseView(null, { basis: 'per-acre' }, OVERLAYS).basis).toBe('households')
    expect(patchQuery({ period: '7' }, { basis: 'absolute' }, OVERLAYS)).toEqual({ period: '7', basis: 'absolute' })
    expect(patchQuery({ period: '7', basis: 'absolute' }, { basis: 'households' }, OVERLAYS)).toEqual({ period: '7' })
  })
})

describe('createViewState against a fake router', () => {
  it('follows the route as it changes', () => {
    const router = fakeRouter({ name: 'grid', params: { code: '35' }, query: { layers: 'cases' } })
    const view = createViewState(router, OVERLAYS)
    expect(view.state.value.grid).toBe('35')
    router.visit({ name: 'cases', params: { code: '3501' }, query: { layers: 'patrols,nope', case: 'x' } })
    expect(view.state.value).toMatchObject({ grid: '3501', caseId: 'x' })
    expect([...view.state.value.layers]).toEqual(['patrols'])
  })

  it('updates in place, without a history entry, keeping the rest of the URL', async () => {
    const router = fakeRouter({ name: 'cases', params: { code: '3501' }, query: { period: '90', status: 'closed', tab: 'x' } })
    const view = createViewState(router, OVERLAYS)
    await view.update({ layers: new Set(['cameras', 'cases']), caseId: 'c-9' })
    expect(router.log.map(l => l.how)).toEqual(['replace'])
    expect(router.currentRoute.value).toEqual({ name: 'cases', params: { code: '3501' }, query: { period: '90', status: 'closed', tab: 'x', layers: 'cases,cameras', case: 'c-9' } })
    expect(view.state.value.caseId).toBe('c-9')
    await view.update({ caseId: null })
    expect(router.currentRoute.value.query).toEqual({ period: '90', status: 'closed', tab: 'x', layers: 'cases,cameras' })
  })

  it('moves between pages keeping the view keys only, or everything when asked', async () => {
    const router = fakeRouter({ name: 'cases', params: { code: '3501' }, query: { period: '90', measure: 'open', basis: 'absolute', layers: 'cases', case: 'c-1', status: 'closed', tab: 'overdue' } })
    const view = createViewState(router, OVERLAYS)
    expect(view.link({ page: 'supervision', grid: '3501' })).toEqual({ name: 'supervision', params: { code: '3501' }, query: { period: '90', measure: 'open', basis: 'absolute', layers: 'cases' } })
    // Drilling in stays on the page, with its filters and the open case.
    await view.go({ grid: '350101', keep: 'all' })
    expect(router.log.at(-1)!.how).toBe('push')
    expect(router.currentRoute.value).toEqual({ name: 'cases', params: { code: '350101' }, query: { period: '90', measure: 'open', basis: 'absolute', layers: 'cases', case: 'c-1', status: 'closed', tab: 'overdue' } })
    await view.go({ page: 'cases', grid: '35', replace: true }, { caseId: 'c-2' })
    expect(router.log.at(-1)!.how).toBe('replace')
    expect(router.currentRoute.value.query).toEqual({ period: '90', measure: 'open', basis: 'absolute', layers: 'cases', case: 'c-2' })
  })

  it('drills from "/" onto the grid page', () => {
    const router = fakeRouter({ name: 'home', params: {}, query: { period: '7' } })
    const view = createViewState(router, OVERLAYS)
    expect(view.link({ grid: '35', keep: 'all' })).toEqual({ name: 'grid', params: { code: '35' }, query: { period: '7' } })
  })
})
