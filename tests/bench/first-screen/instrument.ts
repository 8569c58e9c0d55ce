// What the first-screen benchmark runs in each page before the page's own scripts.

/**
 * Instruments a page before any of its scripts run: when the map appears (window.__pinganMap is
 * assigned), its first idle with the grids, labels, roads and choropleth all drawn, the first KPI
 * figure in the panel, and a hover step that waits for the repaint and the composited frame.
 */
function instrument(): void {
  interface Marks { map?: number, complete?: number, figures?: number }
  const w = window as unknown as { __bench: { marks: Marks, js: () => number }, __pinganMap?: import('maplibre-gl').Map, __hoverStep: (x: number, y: number) => Promise<number>, __untilIdle: (check: () => boolean) => Promise<number> }
  const marks: Marks = {}
  let map: import('maplibre-gl').Map | undefined
  const painted = (m: import('maplibre-gl').Map): boolean => {
    if (!m.getLayer('grid-fill') || !m.getLayer('grid-label') || !m.isSourceLoaded('grids') || !m.isSourceLoaded('grid-labels'))
      return false
    if (new URLSearchParams(location.search).get('layers')?.includes('roads') !== false && !m.getLayer('roads-main'))
      return false
    const village = m.querySourceFeatures('grids', { filter: ['==', ['get', 'level'], 2] })[0]
    return village?.id !== undefined && 'value' in m.getFeatureState({ source: 'grids', id: village.id })
  }
  Object.defineProperty(window, '__pinganMap', {
    configurable: true,
    get: () => map,
    set(m: import('maplibre-gl').Map | undefined) {
      map = m
      if (!m || marks.map !== undefined)
        return
      marks.map = performance.now()
      const onIdle = (): void => {
        if (painted(m)) {
          marks.complete = performance.now()
          m.off('idle', onIdle)
        }
      }
      m.on('idle', onIdle)
    },
  })
  new MutationObserver(() => {
    if (marks.figures === undefined && /^\d/.test(document.querySelector('[data-kpi=total] .value')?.textContent ?? ''))
      marks.figures = performance.now()
  }).observe(document, { subtree: true, childList: true, characterData: true })
  const frame = (): Promise<void> => new Promise(r => requestAnimationFrame(() => r()))
  w.__untilIdle = check => new Promise((resolve) => {
    const t0 = performance.now()
    const m = map!
    const onIdle = (): void => {
      if (!check())
        return
      m.off('idle', onIdle)
      void frame().then(frame).then(() => resolve(performance.now() - t0))
    }
    m.on('idle', onIdle)
  })
  w.__hoverStep = (x, y) => {
    const m = map!
    const done = w.__untilIdle(() => true)
    m.getCanvas().dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }))
    return done
  }
  w.__bench = {
    marks,
    // JavaScript fetched so far, in bytes as sent (after compression): what this screen cost to download.
    js: () => performance.getEntriesByType('resource')
      .filter(e => /\.m?js(?:\?|$)/.test(e.name))
      .reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
  }
}

// tsx compiles with esbuild's keepNames, whose __name helper functions sent to the page would call.
export const INIT_SCRIPT = `globalThis.__name = f => f;(${instrument.toString()})()`
