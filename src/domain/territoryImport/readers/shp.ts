// An ESRI .shp geometry reader (ESRI Shapefile Technical Description, 1998). Polygon records are
// assembled into GeoJSON polygons: clockwise rings are shells, counter-clockwise rings are holes
// placed in the smallest shell that contains them (shpjs only compares bounding boxes, which puts
// an enclave's hole in the wrong shell). Rings come out in RFC 7946 orientation.
import type { Geometry, Position } from 'geojson'
import { pointInRing } from '../../geometry'
import { ImportError } from '../limits'
import { ringArea } from '../planar'

type Ring = Position[]

/** Positive for clockwise rings, which .shp uses for shells. */
const clockwiseArea = (ring: Ring): number => -ringArea(ring)

function assemble(rings: Ring[]): Geometry {
  const shells: Array<{ ring: Ring, area: number, holes: Ring[] }> = []
  const holes: Ring[] = []
  for (const ring of rings) {
    const a = clockwiseArea(ring)
    if (a >= 0)
      shells.push({ ring, area: a, holes: [] })
    else
      holes.push(ring)
  }
  for (const hole of holes) {
    let best: (typeof shells)[number] | null = null
    for (const shell of shells) {
      if (shell.area > (best?.area ?? Infinity))
        continue
      if (hole.some(p => pointInRing(p, shell.ring)))
        best = shell
    }
    if (best)
      best.holes.push(hole)
    else
      // A hole in no shell is a shell drawn the wrong way round.
      shells.push({ ring: [...hole].reverse(), area: -clockwiseArea(hole), holes: [] })
  }
  // Reverse every ring: RFC 7946 wants shells counter-clockwise and holes clockwise.
  const polygons = shells.map(s => [[...s.ring].reverse(), ...s.holes.map(h => [...h].reverse())])
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons }
}

function points(view: DataView, offset: number, n: number): Position[] {
  const out: Position[] = Array.from({ length: n })
  for (let i = 0; i < n; i++)
    out[i] = [view.getFloat64(offset + i * 16, true), view.getFloat64(offset + i * 16 + 8, true)]
  return out
}

function parts(view: DataView, offset: number): Position[][] {
  const numParts = view.getInt32(offset + 36, true)
  const numPoints = view.getInt32(offset + 40, true)
  const starts: number[] = []
  for (let i = 0; i < numParts; i++)
    starts.push(view.getInt32(offset + 44 + i * 4, true))
  const all = points(view, offset + 44 + numParts * 4, numPoints)
  return starts.map((s, i) => all.slice(s, starts[i + 1] ?? numPoints))
}

/** Reads every record of a .shp: null for null shapes; non-polygons as their GeoJSON type. */
export function readShp(name: string, bytes: Uint8Array): Array<Geometry | null> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 100 || view.getInt32(0, false) !== 9994)
    throw new ImportError(`${name} is not a Shapefile .shp (no file code 9994 in its header)`)
  const out: Array<Geometry | null> = []
  let o = 100
  while (o + 8 <= bytes.length) {
    const length = view.getInt32(o + 4, false) * 2
    const start = o + 8
    if (length < 4 || start + length > bytes.length)
      throw new ImportError(`${name}: record ${out.length + 1} at byte ${o} runs past the end of the file`)
    const type = view.getInt32(start, true)
    switch (type) {
      case 0:
        out.push(null)
        break
      case 5: case 15: case 25:
        out.push(assemble(parts(view, start)))
        break
      case 3: case 13: case 23:
        out.push({ type: 'MultiLineString', coordinates: parts(view, start) })
        break
      case 1: case 11: case 21:
        out.push({ type: 'Point', coordinates: points(view, start + 4, 1)[0]! })
        break
      case 8: case 18: case 28:
        out.push({ type: 'MultiPoint', coordinates: points(view, start + 40, view.getInt32(start + 36, true)) })
        break
      default:
        throw new ImportError(`${name}: record ${out.length + 1} has shape type ${type}, which is not in the Shapefile specification`)
    }
    o = start + length
  }
  return out
}
