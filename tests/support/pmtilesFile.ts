// A raster PMTiles v3 archive written for tests (the pmtiles package only reads them): one root
// directory, no compression, PNG tiles in tile-id order. Read back with the pmtiles reader in
// its own test, so the browser test's offline basemap is a file the real reader accepts.
import { zxyToTileId } from 'pmtiles'
import { worldPixel } from './tileServer'

function varint(n: number, out: number[]): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
}

/** The tiles of zooms `minZoom…maxZoom` covering `bbox`, each drawn by `draw`, as a PMTiles archive. */
export function writePmtiles(bbox: [number, number, number, number], minZoom: number, maxZoom: number, draw: (z: number, x: number, y: number) => Uint8Array): Buffer {
  const tiles: Array<{ id: number, data: Uint8Array }> = []
  for (let z = minZoom; z <= maxZoom; z++) {
    const [x0, y0] = worldPixel([bbox[0], bbox[3]], z).map(v => Math.floor(v / 256))
    const [x1, y1] = worldPixel([bbox[2], bbox[1]], z).map(v => Math.floor(v / 256))
    for (let x = x0!; x <= x1!; x++) {
      for (let y = y0!; y <= y1!; y++)
        tiles.push({ id: zxyToTileId(z, x, y), data: draw(z, x, y) })
    }
  }
  tiles.sort((a, b) => a.id - b.id)
  const dir: number[] = []
  varint(tiles.length, dir)
  let last = 0
  for (const t of tiles) {
    varint(t.id - last, dir)
    last = t.id
  }
  for (const _ of tiles) varint(1, dir)
  for (const t of tiles) varint(t.data.length, dir)
  // Offset 0 means "right after the previous tile": every tile but the first.
  tiles.forEach((_, i) => varint(i === 0 ? 1 : 0, dir))
  const metadata = Buffer.from('{}')
  const header = Buffer.alloc(127)
  const rootOffset = 127
  const metadataOffset = rootOffset + dir.length
  const dataOffset = metadataOffset + metadata.length
  const dataLength = tiles.reduce((s, t) => s + t.data.length, 0)
  header.write('PMTiles', 0, 'ascii')
  header.writeUInt8(3, 7)
  const u64 = (v: number, at: number) => header.writeBigUInt64LE(BigInt(v), at)
  u64(rootOffset, 8)
  u64(dir.length, 16)
  u64(metadataOffset, 24)
  u64(metadata.length, 32)
  u64(0, 40)
  u64(0, 48)
  u64(dataOffset, 56)
  u64(dataLength, 64)
  u64(tiles.length, 72)
  u64(tiles.length, 80)
  u64(tiles.length, 88)
  header.writeUInt8(1, 96) // clustered
  header.writeUInt8(1, 97) // internal compression: none
  header.writeUInt8(1, 98) // tile compression: none
  header.writeUInt8(2, 99) // tile type: PNG
  header.writeUInt8(minZoom, 100)
  header.writeUInt8(maxZoom, 101)
  const e7 = (v: number) => Math.round(v * 1e7)
  header.writeInt32LE(e7(bbox[0]), 102)
  header.writeInt32LE(e7(bbox[1]), 106)
  header.writeInt32LE(e7(bbox[2]), 110)
  header.writeInt32LE(e7(bbox[3]), 114)
  header.writeUInt8(minZoom, 118)
  header.writeInt32LE(e7((bbox[0] + bbox[2]) / 2), 119)
  header.writeInt32LE(e7((bbox[1] + bbox[3]) / 2), 123)
  return Buffer.concat([header, Buffer.from(dir), metadata, ...tiles.map(t => Buffer.from(t.data))])
}
