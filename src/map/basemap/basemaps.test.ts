import { describe, expect, it } from 'vitest'
import { configuredBasemaps, expandSubdomains, NO_BASEMAP, pickBasemap, tiandituTiles } from './basemaps'

describe('configuredBasemaps', () => {
  it('offers only "none" when nothing is configured, so nothing is fetched', () => {
    expect(configuredBasemaps({})).toEqual([NO_BASEMAP])
    expect(configuredBasemaps({ VITE_TIANDITU_KEY: '  ', VITE_BASEMAP_TILES: '' }).map(b => b.id)).toEqual(['none'])
  })

  it('lists every configured basemap with its sources and layers', () => {
    const all = configuredBasemaps({
      VITE_TIANDITU_KEY: 'k&1',
      VITE_BASEMAP_GCJ02_TILES: 'https://webrd0{1-4}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}',
      VITE_BASEMAP_TILES: 'https://tiles.example/{z}/{x}/{y}.png',
      VITE_BASEMAP_PMTILES: '/basemap.pmtiles',
    })
    expect(all.map(b => b.id)).toEqual(['none', 'tianditu-vector', 'tianditu-imagery', 'gcj02', 'xyz', 'pmtiles'])
    const vec = all[1]!
    expect(vec.shift).toBeNull()
    expect(vec.layers.map(l => l.id)).toEqual(['basemap', 'basemap-labels'])
    expect(vec.sources[0]!.spec.tiles![0]).toBe('https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k%261')
    expect(vec.sources[1]!.spec.tiles![7]).toMatch(/^https:\/\/t7\.tianditu\.gov\.cn\/cva_w\//)
    expect(all[2]!.sources.map(s => s.spec.tiles![0]!.split('/')[3]!.slice(0, 5))).toEqual(['img_w', 'cia_w'])
    const gcj = all[3]!
    expect(gcj.shift).toBe('gcj02')
    expect(gcj.sources[0]!.spec.tiles).toHaveLength(4)
    expect(gcj.sources[0]!.spec.tiles![3]).toMatch(/^https:\/\/webrd04\./)
    expect(all[4]!.sources[0]!.spec.tiles).toEqual(['https://tiles.example/{z}/{x}/{y}.png'])
    expect(all[5]!.sources[0]!.spec).toMatchObject({ type: 'raster', url: 'pmtiles:///basemap.pmtiles' })
  })

  it('lets tests and mirrors point Tianditu elsewhere', () => {
    expect(tiandituTiles('img', 'x', 'http://127.0.0.1:9/t{s}')[2]).toMatch(/^http:\/\/127\.0\.0\.1:9\/t2\/img_w\/wmts\?/)
  })
})

describe('expandSubdomains', () => {
  it('expands {a-c} and {1-4} ranges and leaves plain templates alone', () => {
    expect(expandSubdomains('https://{a-c}.tile/{z}/{x}/{y}.png')).toEqual(['https://a.tile/{z}/{x}/{y}.png', 'https://b.tile/{z}/{x}/{y}.png', 'https://c.tile/{z}/{x}/{y}.png'])
    expect(expandSubdomains('/t/{z}/{x}/{y}.png')).toEqual(['/t/{z}/{x}/{y}.png'])
  })
})

describe('pickBasemap', () => {
  it('keeps a remembered choice only while it is configured', () => {
    const all = configuredBasemaps({ VITE_BASEMAP_TILES: '/t/{z}/{x}/{y}.png' })
    expect(pickBasemap(all, 'xyz').id).toBe('xyz')
    expect(pickBasemap(all, 'gcj02').id).toBe('none')
    expect(pickBasemap(all, null).id).toBe('none')
  })
})
