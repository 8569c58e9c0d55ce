// Unzipping for .zip Shapefiles and .kmz, with the size limit checked against the sizes the
// archive declares before anything is inflated. fflate: small, fast, synchronous, no DOM, so it
// runs the same in a Web Worker and in Node.
import { unzipSync } from 'fflate'
import { checkUnzippedSize, ImportError } from '../limits'
import { decodeUtf8OrGbk } from './text'

/**
 * Zips made on Chinese Windows store names in GBK without the UTF-8 flag; fflate then decodes
 * them as Latin-1, which loses nothing, so the bytes can be recovered and decoded properly.
 */
export function repairZipName(name: string): string {
  const codes = Array.from(name, c => c.charCodeAt(0))
  if (!codes.some(c => c >= 0x80) || codes.some(c => c > 0xFF))
    return name
  return decodeUtf8OrGbk(Uint8Array.from(codes)).text
}

/** The entries of an archive whose names `want` accepts, keyed by their (repaired) path. */
export function unzipEntries(name: string, bytes: Uint8Array, want: (path: string) => boolean): Map<string, Uint8Array> {
  let total = 0
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith('/') || !want(repairZipName(f.name)))
          return false
        total += f.originalSize
        checkUnzippedSize(name, total)
        return true
      },
    })
  }
  catch (e) {
    if (e instanceof ImportError)
      throw e
    throw new ImportError(`${name} is not a readable zip archive: ${e instanceof Error ? e.message : String(e)}`)
  }
  return new Map(Object.entries(entries).map(([k, v]) => [repairZipName(k), v]))
}
