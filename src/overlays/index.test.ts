import type { AnyOverlay } from './types'
import { describe, expect, it } from 'vitest'
import en from '~/i18n/locales/en.json'
import zhCN from '~/i18n/locales/zh-CN.json'
import { checked, OVERLAY_IDS, OVERLAY_SWITCHES, overlayOn, OVERLAYS, switchesOn } from '.'

function message(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((m, k) => (m as Record<string, unknown> | undefined)?.[k], messages)
}

describe('the overlay registry', () => {
  it('holds every overlay of overlays/defs, in layer-control order', () => {
    expect(OVERLAYS.map(o => o.id)).toEqual(['cases', 'patrols', 'cameras', 'keyPlaces', 'roads', 'patrolReach', 'cameraSectors', 'coverageFill', 'blindSpots', 'hotSpots'])
    expect(OVERLAY_IDS).toEqual({ ids: ['cases', 'heatmap', 'patrols', 'cameras', 'keyPlaces', 'roads', 'patrolReach', 'cameraSectors', 'coverageFill', 'blindSpots', 'hotSpots', 'density'], defaults: ['roads'] })
  })

  it('has words for every switch and legend line in both languages', () => {
    for (const s of OVERLAY_SWITCHES) {
      for (const labels of [zhCN, en]) {
        expect(message(labels, `layers.${s.id}`), s.id).toEqual(expect.any(String))
        for (const l of s.legend ?? [])
          expect(message(labels, l.label), l.label).toEqual(expect.any(String))
      }
    }
  })

  it('an overlay is on when any of its switches is', () => {
    const cases = OVERLAYS[0]!
    expect(overlayOn(cases, new Set(['heatmap']))).toBe(true)
    expect([...switchesOn(cases, new Set(['heatmap', 'roads']))]).toEqual(['heatmap'])
    expect(overlayOn(cases, new Set(['roads']))).toBe(false)
  })

  it('refuses two overlays claiming one id or one switch', () => {
    const roads = OVERLAYS.at(-1)!
    const like = (id: string, switchId: string): AnyOverlay => ({ ...roads, id, switches: [{ id: switchId }] })
    expect(() => checked([like('a', 'x'), like('a', 'y')])).toThrow(/overlay a twice/)
    expect(() => checked([like('a', 'x'), like('b', 'x')])).toThrow(/switch x twice/)
    expect(checked([like('a', 'x'), like('b', 'y')])).toHaveLength(2)
  })
})
