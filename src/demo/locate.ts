import type { HexGrid } from './hexGrid'
import type { LocalProjection } from './projection'
// Finds the deepest grid containing a point, exactly (point in the published, rounded polygon),
// using the lattice only to narrow the candidates.
import type { Grid, LngLat } from '~/domain/types'
import { distanceToRingM, pointInRing } from './geo'

/** Locates points in the finest grids (sub-grids, and groups without sub-grids). */
export class GridLocator {
  private readonly rings: LngLat[][]
  private readonly boxes: Array<[number, number, number, number]>

  constructor(
    private readonly lattice: HexGrid,
    private readonly finestOf: Int32Array,
    private readonly projection: LocalProjection,
    private readonly finest: readonly Grid[],
  ) {
    this.rings = finest.map(g => g.boundary.coordinates[0]![0] as LngLat[])
    this.boxes = this.rings.map((r) => {
      let w = Infinity
      let s = Infinity
      let e = -Infinity
      let n = -Infinity
      for (const [x, y] of r) {
        w = Math.min(w, x)
        e = Math.max(e, x)
        s = Math.min(s, y)
        n = Math.max(n, y)
      }
      return [w, s, e, n]
    })
  }

  /**
   * The finest grid whose boundary contains p, or null when p is outside the township or within
   * `marginM` metres of a boundary (where rounding could make two tests disagree).
   */
  locate(p: LngLat, marginM = 1): Grid | null {
    const index = this.locateIndex(p)
    if (index < 0 || distanceToRingM(p, this.rings[index]!) < marginM)
      return null
    return this.finest[index]!
  }

  private locateIndex(p: LngLat): number {
    const start = this.lattice.cellAt(this.projection.toPlanar(p))
    const own = start < 0 ? -1 : this.finestOf[start]!
    if (own >= 0 && this.contains(own, p))
      return own
    // Corners move by jitter, warp and smoothing, together well under two cells.
    const tried: number[] = [own]
    let ring = [start]
    for (let step = 1; step <= 2; step++) {
      const nextRing: number[] = []
      for (const h of ring) {
        if (h < 0)
          continue
        for (let k = 0; k < 6; k++) {
          const n = this.lattice.neighbour(h, k)
          nextRing.push(n)
          const f = n < 0 ? -1 : this.finestOf[n]!
          if (f >= 0 && !tried.includes(f)) {
            tried.push(f)
            if (this.contains(f, p))
              return f
          }
        }
      }
      ring = nextRing
    }
    for (let f = 0; f < this.finest.length; f++) {
      if (!tried.includes(f) && this.contains(f, p))
        return f
    }
    return -1
  }

  private contains(f: number, p: LngLat): boolean {
    const b = this.boxes[f]!
    return p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3] && pointInRing(p, this.rings[f]!)
  }
}
