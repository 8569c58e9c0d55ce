import { describe, expect, it } from 'vitest'
import en from '~/i18n/locales/en.json'
import zhCN from '~/i18n/locales/zh-CN.json'
import { MAPLIBRE_UI_KEYS, mapUiStrings } from './mapLocale'

type Tree = Record<string, Record<string, string>>
function lookup(messages: { mapUi: Tree }) {
  return (key: string) => {
    const [ns, id] = key.replace(/^mapUi\./, '').split('.')
    return messages.mapUi[ns!]?.[id!] ?? key
  }
}

describe('mapUiStrings', () => {
  it('gives MapLibre every one of its strings, in Chinese and in English', () => {
    const zh = mapUiStrings(lookup(zhCN as unknown as { mapUi: Tree }))
    const english = mapUiStrings(lookup(en as unknown as { mapUi: Tree }))
    expect(Object.keys(zh)).toEqual([...MAPLIBRE_UI_KEYS])
    for (const k of MAPLIBRE_UI_KEYS) {
      expect(zh[k], k).not.toMatch(/^mapUi\./)
      expect(english[k], k).not.toMatch(/^mapUi\./)
    }
    expect(zh['NavigationControl.ZoomIn']).toBe('放大')
    expect(zh['ScaleControl.Kilometers']).toBe('公里')
    expect(english['NavigationControl.ZoomIn']).toBe('Zoom in')
  })
})
