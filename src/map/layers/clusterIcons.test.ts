import { describe, expect, it } from 'vitest'
import { CASE_COLORS } from '~/theme/palette'
import { CLUSTER_ICON_PIXEL_RATIO, CLUSTER_ICON_RADIUS, CLUSTER_ICONS, clusterDisc, clusterIconOptions, clusterIcons } from './clusterIcons'

const px = (img: ReturnType<typeof clusterDisc>, x: number, y: number) => Array.from(img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4))

describe('cluster discs', () => {
  it('is a round disc: the fill at its centre, the ring at its edge, transparent corners', () => {
    const img = clusterDisc('#ff0000', '#000000')
    const size = 2 * CLUSTER_ICON_RADIUS * CLUSTER_ICON_PIXEL_RATIO
    expect([img.width, img.height, img.data.length]).toEqual([size, size, size * size * 4])
    expect(px(img, size / 2, size / 2)).toEqual([255, 0, 0, Math.round(0.85 * 255)])
    expect(px(img, size / 2, 1)).toEqual([0, 0, 0, 255])
    expect(px(img, 0, 0)[3]).toBe(0)
  })

  it('has one disc per cluster class, in the case colours', () => {
    const icons = clusterIcons()
    expect(icons.map(i => i.id)).toEqual(Object.values(CLUSTER_ICONS))
    const centre = icons[0]!.image.width / 2
    expect(px(icons[0]!.image, centre, centre).slice(0, 3)).toEqual([0xFF, 0x3B, 0x5C])
    expect(CASE_COLORS.urgent).toBe('#ff3b5c')
  })

  it('stretches only in its middle, so a pill fitted around a long count keeps round caps', () => {
    const r = CLUSTER_ICON_RADIUS * CLUSTER_ICON_PIXEL_RATIO
    expect(clusterIconOptions()).toEqual({ pixelRatio: 2, stretchX: [[r - 1, r + 1]], stretchY: [[r - 1, r + 1]] })
  })
})
