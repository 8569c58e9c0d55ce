// What the /import page shows on the shell's one map: set by the page, drawn by the shell
// (ImportPreviewLayers), cleared when the page unmounts. Raw GeoJSON, replaced not mutated.
import type { FeatureCollection, MultiPolygon, Point } from 'geojson'
import type { BBox, LngLat } from '~/domain/types'
import { shallowRef } from 'vue'

export interface ImportMapView {
  grids: FeatureCollection<MultiPolygon>
  problems: FeatureCollection<Point>
  bbox: BBox | null
  picked: { n: number, location: LngLat | null } | null
}

const view = shallowRef<ImportMapView | null>(null)
const picks: Array<(n: number) => void> = []

/** The shared preview state and the channel for a marker clicked on the map. */
export function useImportPreview() {
  return {
    view,
    onPick(fn: (n: number) => void): () => void {
      picks.push(fn)
      return () => picks.splice(picks.indexOf(fn), 1)
    },
    pick(n: number): void {
      for (const fn of picks) fn(n)
    },
  }
}
