// Size limits of an import, checked before any parsing so a wrong or hostile file is refused
// with a clear message instead of exhausting the browser tab.
//
// Why these numbers: a county of 18,000 grids at ~200 vertices each is ~3.6 million vertices,
// ~60 MB as a Shapefile and ~130 MB as pretty-printed GeoJSON; the limits leave room for that
// and for detailed township outlines, while staying well inside a tab's memory once parsed
// (a vertex costs ~50 bytes as JS arrays).

/** Largest file accepted as given (zipped or not): 200 MiB. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024
/** Largest total of uncompressed entries read from a .zip or .kmz: 400 MiB (zip bombs stop here). */
export const MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
/** Most features in one file: 100,000. */
export const MAX_FEATURES = 100_000
/** Most vertices in one file: 10 million. */
export const MAX_VERTICES = 10_000_000

/** Raised when a file cannot be read at all; the message says what and where. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportError'
  }
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`

/** Refuses a file larger than MAX_FILE_BYTES. */
export function checkFileSize(name: string, bytes: number): void {
  if (bytes > MAX_FILE_BYTES)
    throw new ImportError(`${name} is ${mib(bytes)}; the largest file accepted is ${mib(MAX_FILE_BYTES)}. Split it by township and import each part.`)
  if (bytes === 0)
    throw new ImportError(`${name} is empty`)
}

/** Refuses an archive whose entries would unpack beyond MAX_UNZIPPED_BYTES. */
export function checkUnzippedSize(name: string, bytes: number): void {
  if (bytes > MAX_UNZIPPED_BYTES)
    throw new ImportError(`${name} unpacks to ${mib(bytes)}; the most accepted is ${mib(MAX_UNZIPPED_BYTES)}`)
}

/** Refuses a file with more than MAX_FEATURES features or MAX_VERTICES vertices. */
export function checkCounts(name: string, features: number, vertices: number): void {
  if (features > MAX_FEATURES)
    throw new ImportError(`${name} has ${features.toLocaleString('en')} features; the most accepted in one import is ${MAX_FEATURES.toLocaleString('en')}`)
  if (vertices > MAX_VERTICES)
    throw new ImportError(`${name} has ${vertices.toLocaleString('en')} vertices; the most accepted in one import is ${MAX_VERTICES.toLocaleString('en')}. Simplify the boundaries (1 m is plenty) or split the file.`)
}
