// The grid vector tiles' contract, shared by the SQL tile function (public.grid_tile) and the
// demo's browser-side cutter: layer names, feature properties and which grid levels a tile of
// each zoom carries. A database test checks private.grid_tile_levels agrees with
// gridLevelsAtZoom for every zoom.
import type { GridLevel } from './types'

/** Layer of the grid boundaries (polygons) in a grid tile. */
export const GRID_TILE_LAYER = 'grids'
/** Layer of one label point per grid in a grid tile. */
export const GRID_LABEL_LAYER = 'grid_labels'
/** Zooms the tiles are cut for; MapLibre over-zooms beyond. */
export const GRID_TILE_MIN_ZOOM = 0
export const GRID_TILE_MAX_ZOOM = 22

/** Properties of every feature of both layers (MVT ids are integers, so the map uses promoteId: 'id'). */
export interface GridTileProperties {
  id: string
  code: string
  level: GridLevel
  name: string
  nameEn: string
  /** The parent grid's id, or '' for a township. */
  parentId: string
}

/**
 * The grid levels a tile of zoom z shows: a level appears once its grids are big enough on screen
 * to be told apart — townships always, villages (a few km) from z8, groups (a few hundred metres)
 * from z11, sub-grids from z13.
 */
export function gridLevelsAtZoom(z: number): GridLevel[] {
  if (!Number.isInteger(z) || z < GRID_TILE_MIN_ZOOM || z > GRID_TILE_MAX_ZOOM)
    throw new RangeError(`grid tile zoom must be an integer ${GRID_TILE_MIN_ZOOM}–${GRID_TILE_MAX_ZOOM}, got ${z}`)
  if (z >= 13)
    return [1, 2, 3, 4]
  if (z >= 11)
    return [1, 2, 3]
  if (z >= 8)
    return [1, 2]
  return [1]
}
