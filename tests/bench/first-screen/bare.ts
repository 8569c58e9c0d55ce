// The baseline of the first-screen benchmark: what a hand-written MapLibre page needs to draw the
// app's first screen — the same demo township generated in a worker, the same layer specs, the
// same choropleth (cases per village over 30 days), roads and, when asked, the cases — with no
// framework, no panel and no data layer. The app is measured against this page.
import type { DemoDataset } from '~/demo'
import type { Grid } from '~/domain/types'
import { Map as MlMap, setWorkerUrl } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import { classify, RAMPS } from '~/domain/colorClasses'
import { bboxOfMultiPolygon } from '~/domain/geometry'
import { periodEndingAt } from '~/domain/period'
import { baseStyle } from '~/map/baseStyle'
import { clusterIcons } from '~/map/layers/clusterIcons'
import { choroplethColor, focusFilter, gridLabelPoints, gridLayerSpecs, gridPolygons } from '~/map/layers/gridLayers'
import { CASE_CLUSTERING, caseLayerSpecs, casePoints, roadLayerSpecs, roadLines } from '~/map/layers/overlayLayers'
import 'maplibre-gl/dist/maplibre-gl.css'

const TEN_MINUTES = 600_000
const params = new URLSearchParams(location.search)
const layers = new Set((params.get('layers') ?? 'roads').split(','))

setWorkerUrl(workerUrl)
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })
const now = Date.now()
worker.postMessage({ anchor: Math.floor(now / TEN_MINUTES) * TEN_MINUTES })

const map = new MlMap({
  container: 'map',
  style: baseStyle(),
  center: [120, 30],
  zoom: 9,
  attributionControl: false,
  canvasContextAttributes: { preserveDrawingBuffer: true },
})
;(window as unknown as { __pinganMap: MlMap }).__pinganMap = map

const loaded = new Promise<void>(resolve => map.once('load', () => resolve()))
const data = new Promise<DemoDataset>((resolve) => {
  worker.onmessage = (e: MessageEvent<DemoDataset>) => resolve(e.data)
})

/** Cases reported in the last 30 days per village, as the app's default measure counts them. */
function casesPerVillage(d: DemoDataset, villages: readonly Grid[]): Map<string, number> {
  const byId = new Map(d.grids.map(g => [g.id, g]))
  const period = periodEndingAt(now, 30)
  const out = new Map(villages.map(v => [v.id, 0]))
  for (const c of d.cases) {
    if (c.status === 'cancelled' || c.reportedAt < period.from || c.reportedAt >= period.to)
      continue
    let g = byId.get(c.gridId)
    while (g && g.level > 2)
      g = g.parentId ? byId.get(g.parentId) : undefined
    if (g && out.has(g.id))
      out.set(g.id, out.get(g.id)! + 1)
  }
  return out
}

void Promise.all([data, loaded]).then(([d]) => {
  const township = d.grids.find(g => g.parentId === null)!
  const villages = d.grids.filter(g => g.parentId === township.id)
  const values = casesPerVillage(d, villages)
  const classification = classify([...values.values()], RAMPS.heat, { integer: true })

  map.addSource('grids', { type: 'geojson', data: gridPolygons(d.grids), promoteId: 'id' })
  map.addSource('grid-labels', { type: 'geojson', data: gridLabelPoints(d.grids), promoteId: 'id' })
  const specs = gridLayerSpecs({
    focus: focusFilter(township.id, true),
    selectedId: township.id,
    contextFilter: ['==', ['get', 'level'], 1],
    fillColor: choroplethColor(classification),
    locale: 'zh-CN',
  })
  const [fill, context, outline, selected, label] = specs
  map.addLayer(fill!)
  if (layers.has('roads')) {
    map.addSource('roads', { type: 'geojson', data: roadLines(d.roads) })
    for (const s of roadLayerSpecs())
      map.addLayer(s)
  }
  map.addLayer(context!)
  map.addLayer(outline!)
  map.addLayer(selected!)
  if (layers.has('cases')) {
    const cases = casePoints(d.cases.filter(c => c.reportedAt >= periodEndingAt(now, 30).from), now)
    map.addSource('cases', { type: 'geojson', data: cases })
    map.addSource('cases-clustered', { type: 'geojson', data: cases, ...CASE_CLUSTERING })
    for (const { id, image, options } of clusterIcons())
      map.addImage(id, image, options)
    for (const s of caseLayerSpecs()) {
      map.addLayer(s)
      if (s.id === 'case-heatmap')
        map.setLayoutProperty(s.id, 'visibility', 'none')
    }
  }
  map.addLayer(label!)
  for (const [id, value] of values)
    map.setFeatureState({ source: 'grids', id }, { value })
  const [w, s, e, n] = bboxOfMultiPolygon(township.boundary)
  map.fitBounds([w, s, e, n], { padding: { top: 72, bottom: 48, left: 48, right: 440 + 48 }, duration: 0 })

  let hovered: string | number | undefined
  map.on('mousemove', 'grid-fill', (ev) => {
    const id = ev.features?.[0]?.id
    if (id === hovered)
      return
    if (hovered !== undefined)
      map.setFeatureState({ source: 'grids', id: hovered }, { hover: false })
    hovered = id
    if (id !== undefined)
      map.setFeatureState({ source: 'grids', id }, { hover: true })
  })
})

/** The benchmark's layer switch: what toggling roads off costs a page that only hides the layers. */
;(window as unknown as { __toggleRoads: () => void }).__toggleRoads = () => {
  for (const id of ['roads-main', 'roads-village'])
    map.setLayoutProperty(id, 'visibility', 'none')
}
