import type { ViewLocation, ViewRoute, ViewRouter } from '../useViewState'
import { shallowRef } from 'vue'

/** A router that only remembers where it is and how it got there: enough to test what owns the URL. */
export interface FakeRouter extends ViewRouter {
  /** Every navigation, in order, with how it was made. */
  readonly log: { how: 'push' | 'replace', to: ViewLocation }[]
  /** Puts the route somewhere, as a user typing a URL would. */
  visit: (route: ViewRoute) => void
}

export function fakeRouter(start: ViewRoute = { name: 'home', params: {}, query: {} }): FakeRouter {
  const currentRoute = shallowRef<ViewRoute>(start)
  const log: FakeRouter['log'] = []
  function go(how: 'push' | 'replace', to: ViewLocation): Promise<void> {
    log.push({ how, to })
    const here = currentRoute.value
    // As vue-router: a location without a name stays on the current page and its params.
    currentRoute.value = to.name === undefined
      ? { name: here.name, params: here.params, query: { ...to.query } }
      : { name: to.name, params: { ...to.params }, query: { ...to.query } }
    return Promise.resolve()
  }
  return {
    currentRoute,
    log,
    push: to => go('push', to),
    replace: to => go('replace', to),
    visit: (route) => {
      currentRoute.value = route
    },
  }
}
