// A local XYZ tile server for browser tests (no network): 256 px PNG tiles drawn on request, a
// faint grid with the tile's z/x/y as bars, and a red cross where a marked point falls. Tests
// give it the marked point in the basemap's own coordinates (e.g. GCJ-02), so a screenshot shows
// whether the overlays land on the basemap's picture of the place.
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { crc32, deflateSync } from 'node:zlib'

const SIZE = 256

function png(pixels: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'ascii')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 0)
    return Buffer.concat([head, data, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const raw = Buffer.alloc((SIZE * 3 + 1) * SIZE)
  for (let y = 0; y < SIZE; y++) raw.set(pixels.subarray(y * SIZE * 3, (y + 1) * SIZE * 3), y * (SIZE * 3 + 1) + 1)
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** Web-Mercator pixel of a point at zoom z (256 px tiles). */
export function worldPixel([lng, lat]: [number, number], z: number): [number, number] {
  const scale = SIZE * 2 ** z
  const s = Math.sin((lat * Math.PI) / 180)
  return [((lng + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale]
}

/** One tile: light ground, grid lines every 32 px, a red cross at `mark` (long enough to show round a marker drawn on it). */
export function drawTile(z: number, x: number, y: number, mark: [number, number] | null): Buffer {
  const px = new Uint8Array(SIZE * SIZE * 3)
  const set = (i: number, j: number, [r, g, b]: [number, number, number]) => {
    if (i < 0 || j < 0 || i >= SIZE || j >= SIZE)
      return
    px.set([r, g, b], (j * SIZE + i) * 3)
  }
  for (let j = 0; j < SIZE; j++) {
    for (let i = 0; i < SIZE; i++)
      set(i, j, i % 32 === 0 || j % 32 === 0 ? [170, 180, 190] : [226, 230, 222])
  }
  if (mark) {
    const [wx, wy] = worldPixel(mark, z)
    const cx = Math.round(wx - x * SIZE)
    const cy = Math.round(wy - y * SIZE)
    for (let d = -40; d <= 40; d++) {
      for (let t = -1; t <= 1; t++) {
        set(cx + d, cy + t, [220, 30, 30])
        set(cx + t, cy + d, [220, 30, 30])
      }
    }
  }
  return png(px)
}

/** Serves /<any prefix>/{z}/{x}/{y}.png on 127.0.0.1; counts the tiles served. */
export async function startTileServer(mark: [number, number] | null): Promise<{ url: string, served: () => number, close: () => Promise<void> }> {
  let served = 0
  const server = createServer((req, res) => {
    const m = /\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '')
    if (!m) {
      res.writeHead(404).end()
      return
    }
    served++
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' })
    res.end(drawTile(Number(m[1]), Number(m[2]), Number(m[3]), mark))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, served: () => served, close: () => new Promise(resolve => server.close(() => resolve())) }
}
