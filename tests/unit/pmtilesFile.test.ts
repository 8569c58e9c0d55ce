import { PMTiles } from 'pmtiles'
import { describe, expect, it } from 'vitest'
import { writePmtiles } from '../support/pmtilesFile'
import { drawTile, worldPixel } from '../support/tileServer'

describe('writePmtiles', () => {
  it('writes an archive the pmtiles reader serves tile for tile', async () => {
    const bbox: [number, number, number, number] = [119.9, 30.1, 119.95, 30.13]
    const file = writePmtiles(bbox, 12, 14, (z, x, y) => drawTile(z, x, y, null))
    const source = {
      getKey: () => 'test',
      getBytes: async (offset: number, length: number) => ({ data: file.buffer.slice(file.byteOffset + offset, file.byteOffset + offset + length) as ArrayBuffer }),
    }
    const archive = new PMTiles(source)
    const header = await archive.getHeader()
    expect(header).toMatchObject({ minZoom: 12, maxZoom: 14, tileType: 2 })
    const [wx, wy] = worldPixel([119.92, 30.11], 14)
    const x = Math.floor(wx / 256)
    const y = Math.floor(wy / 256)
    const tile = await archive.getZxy(14, x, y)
    expect(Buffer.from(tile!.data)).toEqual(drawTile(14, x, y, null))
    expect(await archive.getZxy(14, x + 50, y)).toBeUndefined()
  })
})
