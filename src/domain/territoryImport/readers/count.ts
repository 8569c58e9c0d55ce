import type { Geometry, Position } from 'geojson'

/** Number of positions in a geometry (0 for null), for the size limits. */
export function countVertices(g: Geometry | null): number {
  if (!g)
    return 0
  switch (g.type) {
    case 'Point': return 1
    case 'MultiPoint':
    case 'LineString': return g.coordinates.length
    case 'MultiLineString':
    case 'Polygon': return g.coordinates.reduce((n, r) => n + r.length, 0)
    case 'MultiPolygon': return g.coordinates.reduce((n, p) => n + p.reduce((m, r: Position[]) => m + r.length, 0), 0)
    case 'GeometryCollection': return g.geometries.reduce((n, x) => n + countVertices(x), 0)
  }
}
