import { describe, expect, it } from 'vitest'
import { DEFAULT_OVERLAYS, formatLayers, parseLayers } from './overlayLayers'

describe('overlay layers in the URL', () => {
  it('round-trips in a stable order', () => {
    expect(formatLayers(parseLayers('cameras,cases'))).toBe('cases,cameras')
  })

  it('ignores unknown names and defaults when absent', () => {
    expect([...parseLayers('cases,<script>')]).toEqual(['cases'])
    expect([...parseLayers(undefined)]).toEqual([...DEFAULT_OVERLAYS])
    expect([...parseLayers('')]).toEqual([])
  })
})
