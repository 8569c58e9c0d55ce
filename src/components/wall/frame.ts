// The wall is laid out on a 1920×1080 design grid and scaled to the screen. Height decides the
// scale on wide screens (32:9 video walls get more map, not smaller text); width on tall ones.

export const DESIGN_WIDTH = 1920
export const DESIGN_HEIGHT = 1080

/** The design-unit size of a screen of `width` × `height` CSS pixels, and the scale from design units to pixels. */
export interface WallFrame {
  scale: number
  /** In design units: at least 1920 × 1080. */
  width: number
  height: number
}

export function wallFrame(width: number, height: number): WallFrame {
  if (!(width > 0) || !(height > 0))
    return { scale: 1, width: DESIGN_WIDTH, height: DESIGN_HEIGHT }
  const scale = Math.min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT)
  return { scale, width: width / scale, height: height / scale }
}
