// Case clusters are drawn as a symbol (icon + count), not a circle layer: circles take no part in
// MapLibre's symbol collision, so they covered the village names. As symbols placed after the
// labels (which are drawn above them, and MapLibre places the topmost layer first), a cluster that
// would overlap a name gives way: it moves beside the name (variable anchors), or, with no room
// anywhere around, waits until the map is zoomed in far enough for both.
import { CASE_COLORS, THEME } from '~/theme/palette'

/** The three cluster discs, by what the cluster holds (the worst case in it). */
export const CLUSTER_ICONS = {
  urgent: 'case-cluster-urgent',
  overdue: 'case-cluster-overdue',
  open: 'case-cluster-open',
} as const

/** The disc's radius in CSS pixels; fitted around the count (icon-text-fit), it stretches in its middle into a pill. */
export const CLUSTER_ICON_RADIUS = 11
/** Device pixels per CSS pixel the discs are drawn at, so they stay round and sharp on HiDPI screens. */
export const CLUSTER_ICON_PIXEL_RATIO = 2
const STROKE = 2

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** An anti-aliased disc, `fill` at 85 % opacity inside a 2 px `stroke` ring, as RGBA pixels for map.addImage. */
export function clusterDisc(fill: string, stroke: string = THEME.textHalo): { width: number, height: number, data: Uint8Array } {
  const r = CLUSTER_ICON_RADIUS * CLUSTER_ICON_PIXEL_RATIO
  const ring = STROKE * CLUSTER_ICON_PIXEL_RATIO
  const size = 2 * r
  const data = new Uint8Array(size * size * 4)
  const f = rgb(fill)
  const s = rgb(stroke)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - r, y + 0.5 - r)
      // Coverage of the disc and of its inner (fill) part, each with a one-pixel soft edge.
      const outer = Math.min(1, Math.max(0, r - d))
      const inner = Math.min(1, Math.max(0, r - ring - d))
      const fillAlpha = inner * 0.85
      const strokeAlpha = outer - inner
      const a = fillAlpha + strokeAlpha
      const i = (y * size + x) * 4
      if (a <= 0)
        continue
      for (let c = 0; c < 3; c++)
        data[i + c] = Math.round((f[c]! * fillAlpha + s[c]! * strokeAlpha) / a)
      data[i + 3] = Math.round(a * 255)
    }
  }
  return { width: size, height: size, data }
}

/** addImage options of a disc: its pixel ratio, and the middle band that stretches so the caps stay round. */
export function clusterIconOptions(): { pixelRatio: number, stretchX: [number, number][], stretchY: [number, number][] } {
  const r = CLUSTER_ICON_RADIUS * CLUSTER_ICON_PIXEL_RATIO
  return { pixelRatio: CLUSTER_ICON_PIXEL_RATIO, stretchX: [[r - 1, r + 1]], stretchY: [[r - 1, r + 1]] }
}

/** Every cluster disc by image id, to add to the map (again after a style replacement). */
export function clusterIcons(): Array<{ id: string, image: ReturnType<typeof clusterDisc>, options: ReturnType<typeof clusterIconOptions> }> {
  return (Object.keys(CLUSTER_ICONS) as Array<keyof typeof CLUSTER_ICONS>).map(k => ({ id: CLUSTER_ICONS[k], image: clusterDisc(CASE_COLORS[k]), options: clusterIconOptions() }))
}
