import type { InjectionKey, Ref } from 'vue'
import type { OverlayIds, RawQuery, ViewPatch, ViewState } from './viewState'
import { computed, inject, provide } from 'vue'
import { parseView, patchQuery, viewKeysOf } from './viewState'

/** The pages of the app, by route name. */
export type PageName = 'home' | 'grid' | 'cases' | 'case-new' | 'supervision' | 'coverage' | 'plan' | 'import' | 'phone-grid' | 'phone-report'

/** What the view state reads of the current route. */
export interface ViewRoute {
  readonly name?: string | symbol | null
  readonly params: Readonly<Record<string, string | readonly string[] | undefined>>
  readonly query: RawQuery
}

/** A place to go: a page (or the current one) and its query. */
export interface ViewLocation {
  name?: PageName | string | symbol
  params?: Record<string, string>
  query: Record<string, RawQuery[string]>
}

/** The part of vue-router the view state uses; a test passes a fake. */
export interface ViewRouter {
  readonly currentRoute: Readonly<Ref<ViewRoute>>
  push: (to: ViewLocation) => Promise<unknown>
  replace: (to: ViewLocation) => Promise<unknown>
}

/** Which of the current query a move to another place keeps. */
export type Keep = 'view' | 'all'

/**
 * The one owner of the URL: every screen reads the view from `state` and changes it through
 * `update` (in place, no history entry) or `go`/`link` (to another page or grid), so no component
 * spreads `route.query` itself.
 */
export function createViewState(router: ViewRouter, overlays: OverlayIds) {
  const route = router.currentRoute
  const state = computed<ViewState>(() => parseView(route.value.params.code, route.value.query, overlays))

  /** Changes the view in place: the patched keys only, the rest of the URL as it is. */
  function update(patch: ViewPatch): Promise<unknown> {
    return router.replace({ query: patchQuery(route.value.query, patch, overlays) })
  }

  /**
   * Where a move lands: `page` under grid `grid` (the current page when it sits under a grid and
   * none is named), keeping the view keys (period, measure, basis, layers) or the whole query, then the patch.
   */
  function link(to: { page?: PageName, grid: string | null, keep?: Keep }, patch: ViewPatch = {}): ViewLocation {
    const r = route.value
    const name = to.page ?? (r.params.code !== undefined && r.name != null ? r.name : 'grid')
    const base = to.keep === 'all' ? r.query : viewKeysOf(r.query)
    const loc: ViewLocation = { name, query: patchQuery(base, patch, overlays) }
    if (to.grid !== null)
      loc.params = { code: to.grid }
    return loc
  }

  /** Moves to a page or grid (a history entry, unless `replace`). */
  function go(to: { page?: PageName, grid: string | null, keep?: Keep, replace?: boolean }, patch: ViewPatch = {}): Promise<unknown> {
    const loc = link(to, patch)
    return to.replace ? router.replace(loc) : router.push(loc)
  }

  return { state, update, link, go }
}

export type ViewStateApi = ReturnType<typeof createViewState>

const VIEW_STATE: InjectionKey<ViewStateApi> = Symbol('view-state')

/** Creates the view state over the app's router and makes it available to descendants. */
export function provideViewState(router: ViewRouter, overlays: OverlayIds): ViewStateApi {
  const v = createViewState(router, overlays)
  provide(VIEW_STATE, v)
  return v
}

/** The view state provided by the app frame. */
export function useViewState(): ViewStateApi {
  const v = inject(VIEW_STATE, null)
  if (!v)
    throw new Error('useViewState() called outside the app frame')
  return v
}
