import type { Folder } from '@tmcw/togeojson'
// KML and KMZ, as drawn in Google Earth, 奥维 (Ovital) or 91卫图: @tmcw/togeojson (maintained,
// reads folders, styles and ExtendedData) over @xmldom/xmldom, because Web Workers have no
// DOMParser and the import runs in one.
import type { Feature, Geometry } from 'geojson'
import type { AttributeValue, ReadResult, SourceFeature } from '../types'
import { kmlWithFolders } from '@tmcw/togeojson'
import { DOMParser } from '@xmldom/xmldom'
import { checkCounts, ImportError } from '../limits'
import { countVertices } from './count'
import { toAttribute } from './geojson'
import { decodeUtf8OrGbk } from './text'
import { unzipEntries } from './zip'

/** Property holding the folder path of a placemark, e.g. "城关镇/东岭村". */
export const FOLDER_PROPERTY = 'folder'

function parseXml(name: string, text: string): ReturnType<DOMParser['parseFromString']> {
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning')
          throw new Error(message)
      },
    }).parseFromString(text, 'text/xml')
  }
  catch (e) {
    throw new ImportError(`${name} is not well-formed XML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`)
  }
}

/** Reads KML text. */
export function readKmlText(name: string, text: string, format: 'kml' | 'kmz' = 'kml'): ReadResult {
  const doc = parseXml(name, text)
  if (doc.getElementsByTagName('kml').length === 0 && doc.getElementsByTagName('Document').length === 0)
    throw new ImportError(`${name} is XML but not KML (no <kml> or <Document> element)`)
  const root = kmlWithFolders(doc)
  const features: SourceFeature[] = []
  const fields = new Set<string>()
  let vertices = 0
  const walk = (items: Array<Folder | Feature<Geometry | null>>, path: string[]): void => {
    for (const item of items) {
      if (item.type === 'folder') {
        walk(item.children, [...path, String(item.meta.name ?? '')])
        continue
      }
      const properties: Record<string, AttributeValue> = {}
      for (const [k, v] of Object.entries(item.properties ?? {})) {
        properties[k] = toAttribute(v)
        fields.add(k)
      }
      properties[FOLDER_PROPERTY] = path.join('/')
      const placemark = typeof properties.name === 'string' ? properties.name : `#${features.length + 1}`
      vertices += countVertices(item.geometry)
      features.push({
        index: features.length,
        label: `Placemark ${placemark}${path.length ? ` in ${path.join('/')}` : ''}`,
        properties,
        geometry: item.geometry,
      })
    }
  }
  walk(root.children, [])
  if (features.some(f => f.properties[FOLDER_PROPERTY] !== ''))
    fields.add(FOLDER_PROPERTY)
  checkCounts(name, features.length, vertices)
  return { format, features, fields: [...fields], declaredCrs: null, encoding: null, notes: [] }
}

/** Reads a .kml file. */
export function readKml(name: string, bytes: Uint8Array): ReadResult {
  return readKmlText(name, decodeUtf8OrGbk(bytes).text)
}

/** Reads a .kmz: the zipped doc.kml (or the first .kml at its top level). */
export function readKmz(name: string, bytes: Uint8Array): ReadResult {
  const entries = unzipEntries(name, bytes, p => /\.kml$/i.test(p))
  const paths = [...entries.keys()].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
  const main = paths.find(p => /(?:^|\/)doc\.kml$/i.test(p)) ?? paths[0]
  if (!main)
    throw new ImportError(`${name} holds no .kml document`)
  return readKmlText(name, decodeUtf8OrGbk(entries.get(main)!).text, 'kmz')
}
