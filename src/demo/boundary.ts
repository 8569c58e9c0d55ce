// The township's outline: a noisy, slightly elongated radial shape, as a set of lattice cells.
import type { HexGrid } from './hexGrid'
import type { Planar } from './projection'
import type { Rng } from './random'

/** How the outline is drawn; radius and shape are in the local frame (km). */
export interface TownshipShape {
  center: Planar
  /** Mean radius before noise, km. */
  radius: number
  /** Harmonics of the radial noise: amplitude (fraction of radius) and phase per order k ≥ 2. */
  harmonics: Array<{ k: number, amplitude: number, phase: number }>
  /** Elongation: the outline is stretched by this factor along `axis` (radians). */
  elongation: number
  axis: number
}

/** Draws a random outline shape around `center` with roughly the given area. */
export function randomTownshipShape(rng: Rng, center: Planar, areaKm2: number): TownshipShape {
  const harmonics = []
  for (let k = 2; k <= 9; k++)
    harmonics.push({ k, amplitude: rng.range(0.4, 1) * 0.5 / k ** 1.05, phase: rng.range(0, 2 * Math.PI) })
  return { center, radius: Math.sqrt(areaKm2 / Math.PI), harmonics, elongation: rng.range(1.1, 1.3), axis: rng.range(0, Math.PI) }
}

/** Radius of the outline in direction theta (radians from east, counter-clockwise), km. */
export function shapeRadius(s: TownshipShape, theta: number): number {
  let f = 1
  for (const h of s.harmonics)
    f += h.amplitude * Math.cos(h.k * theta + h.phase)
  const d = theta - s.axis
  const stretch = 1 / Math.hypot(Math.cos(d) / s.elongation, Math.sin(d) * s.elongation)
  return s.radius * Math.max(0.45, f) * stretch
}

/**
 * Cells of the township: those whose centre lies inside the outline scaled by `scale`, reduced to
 * one connected piece with its holes filled, so the township is a single simple polygon.
 * Returns a function so rescaling to hit a target area reuses the per-cell work.
 */
export function townshipCells(grid: HexGrid, shape: TownshipShape): (scale: number) => number[] {
  // Each cell's distance from the centre as a fraction of the outline's radius in its direction.
  const ratio = new Float64Array(grid.count)
  for (let h = 0; h < grid.count; h++) {
    const dx = grid.cx(h) - shape.center[0]
    const dy = grid.cy(h) - shape.center[1]
    ratio[h] = Math.sqrt(dx * dx + dy * dy) / shapeRadius(shape, Math.atan2(dy, dx))
  }
  return (scale) => {
    const inside = new Uint8Array(grid.count)
    for (let h = 0; h < grid.count; h++) {
      if (ratio[h]! < scale)
        inside[h] = 1
    }
    keepLargestComponent(grid, inside)
    fillHoles(grid, inside)
    const cells: number[] = []
    for (let h = 0; h < grid.count; h++) {
      if (inside[h] === 1)
        cells.push(h)
    }
    return cells
  }
}

function keepLargestComponent(grid: HexGrid, mask: Uint8Array): void {
  const comp = new Int32Array(grid.count).fill(-1)
  const sizes: number[] = []
  for (let h = 0; h < grid.count; h++) {
    if (mask[h] !== 1 || comp[h] !== -1)
      continue
    const id = sizes.length
    let size = 0
    const stack = [h]
    comp[h] = id
    while (stack.length > 0) {
      const c = stack.pop()!
      size++
      for (let k = 0; k < 6; k++) {
        const n = grid.neighbour(c, k)
        if (n >= 0 && mask[n] === 1 && comp[n] === -1) {
          comp[n] = id
          stack.push(n)
        }
      }
    }
    sizes.push(size)
  }
  const best = sizes.indexOf(Math.max(...sizes))
  for (let h = 0; h < grid.count; h++) {
    if (mask[h] === 1 && comp[h] !== best)
      mask[h] = 0
  }
}

function fillHoles(grid: HexGrid, mask: Uint8Array): void {
  const reached = new Uint8Array(grid.count)
  const stack: number[] = []
  for (let h = 0; h < grid.count; h++) {
    let onEdge = false
    for (let k = 0; k < 6; k++)
      onEdge ||= grid.neighbour(h, k) < 0
    if (onEdge && mask[h] === 0) {
      reached[h] = 1
      stack.push(h)
    }
  }
  while (stack.length > 0) {
    const c = stack.pop()!
    for (let k = 0; k < 6; k++) {
      const n = grid.neighbour(c, k)
      if (n >= 0 && mask[n] === 0 && reached[n] === 0) {
        reached[n] = 1
        stack.push(n)
      }
    }
  }
  for (let h = 0; h < grid.count; h++) {
    if (mask[h] === 0 && reached[h] === 0)
      mask[h] = 1
  }
}
