// Every source and layer id the app uses, in one typed place, so features cannot collide or
// refer to a layer that does not exist.

export const SOURCE = {
  grids: 'grids',
  gridLabels: 'grid-labels',
  cases: 'cases',
  casesClustered: 'cases-clustered',
  patrolRoutes: 'patrol-routes',
  cameras: 'cameras',
  cameraSectors: 'camera-sectors',
  keyPlaces: 'key-places',
  roads: 'roads',
  basemap: 'basemap',
  basemapLabels: 'basemap-labels',
  casePick: 'case-pick',
  caseSelected: 'case-selected',
  importGrids: 'import-grids',
  importProblems: 'import-problems',
} as const

export const LAYER = {
  background: 'background',
  basemap: 'basemap',
  basemapLabels: 'basemap-labels',
  roadsMain: 'roads-main',
  roadsVillage: 'roads-village',
  gridContextOutline: 'grid-context-outline',
  gridFill: 'grid-fill',
  gridOutline: 'grid-outline',
  gridSelectedOutline: 'grid-selected-outline',
  gridLabel: 'grid-label',
  caseHeatmap: 'case-heatmap',
  caseClusters: 'case-clusters',
  casePoints: 'case-points',
  patrolRoutes: 'patrol-routes',
  cameraSectors: 'camera-sectors',
  cameraPoints: 'camera-points',
  keyPlacePoints: 'key-place-points',
  keyPlaceLabels: 'key-place-labels',
  casePickRadius: 'case-pick-radius',
  casePickAccuracy: 'case-pick-accuracy',
  casePickPoint: 'case-pick-point',
  caseSelectedHalo: 'case-selected-halo',
  importFill: 'import-fill',
  importOutline: 'import-outline',
  importProblemPoints: 'import-problem-points',
} as const

export type SourceId = typeof SOURCE[keyof typeof SOURCE]
export type LayerId = typeof LAYER[keyof typeof LAYER]

/**
 * Sources and layers an overlay of the registry declares for itself (GeoJsonOverlay): prefixed,
 * so they never collide with the app's own, and placed by naming the app layer they sit below.
 */
export type OverlaySourceId = `overlay-${string}`
export type OverlayLayerId = `overlay-${string}`

/** Draw order, bottom to top: a layer is inserted below the first already-present layer above it. */
export const LAYER_ORDER: readonly LayerId[] = [
  LAYER.background,
  LAYER.basemap,
  LAYER.basemapLabels,
  LAYER.gridFill,
  LAYER.roadsVillage,
  LAYER.roadsMain,
  LAYER.gridContextOutline,
  LAYER.gridOutline,
  LAYER.gridSelectedOutline,
  LAYER.caseHeatmap,
  LAYER.cameraSectors,
  LAYER.patrolRoutes,
  LAYER.caseClusters,
  LAYER.casePickRadius,
  LAYER.casePickAccuracy,
  LAYER.casePoints,
  LAYER.cameraPoints,
  LAYER.keyPlacePoints,
  LAYER.gridLabel,
  LAYER.keyPlaceLabels,
  // The case being placed or looked at is what the user is attending to: above every label.
  LAYER.caseSelectedHalo,
  LAYER.casePickPoint,
  // The import preview is drawn over the current territory it is compared with.
  LAYER.importFill,
  LAYER.importOutline,
  LAYER.importProblemPoints,
]

/** For a layer drawn just below `anchor`: the first present layer from `anchor` up in LAYER_ORDER, for `addLayer(spec, beforeId)`. */
export function beforeIdAt(anchor: LayerId, present: (id: LayerId) => boolean): LayerId | undefined {
  const i = LAYER_ORDER.indexOf(anchor)
  if (i < 0)
    throw new Error(`layer ${anchor} has no place in LAYER_ORDER`)
  return LAYER_ORDER.slice(i).find(present)
}

/** The id of the first layer above `id` in LAYER_ORDER that is present, for `addLayer(spec, beforeId)`. */
export function beforeIdFor(id: LayerId, present: (id: LayerId) => boolean): LayerId | undefined {
  const i = LAYER_ORDER.indexOf(id)
  if (i < 0)
    throw new Error(`layer ${id} has no place in LAYER_ORDER`)
  return LAYER_ORDER.slice(i + 1).find(present)
}
