// A minimal ZIP writer (PKWARE APPNOTE 6.3): enough for an .xlsx, which is a ZIP of XML parts.
// Entries are deflated with the platform's CompressionStream when it offers 'deflate-raw'
// (browsers since 2023, Node 20) and stored otherwise; both are valid ZIP. Timestamps are fixed
// at 1980-01-01 so the same input gives the same bytes.

/** One file in the archive. */
export interface ZipEntry {
  /** Path inside the archive, '/'-separated. */
  name: string
  data: Uint8Array
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++)
      c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32 (IEEE 802.3) of the bytes, as ZIP records it. */
export function crc32(data: Uint8Array): number {
  let c = 0xFFFFFFFF
  for (let i = 0; i < data.length; i++)
    c = CRC_TABLE[(c ^ data[i]!) & 0xFF]! ^ (c >>> 8)
  return (c ^ 0xFFFFFFFF) >>> 0
}

async function deflateRaw(data: Uint8Array): Promise<Uint8Array | null> {
  if (typeof CompressionStream !== 'function')
    return null
  try {
    const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'))
    return new Uint8Array(await new Response(stream).arrayBuffer())
  }
  catch {
    // A platform without 'deflate-raw' (older Safari): storing is slower to download, never wrong.
    return null
  }
}

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1
// Bit 11: names are UTF-8.
const FLAGS = 0x0800

/** The archive's bytes. */
export async function zip(entries: readonly ZipEntry[], options: { compress?: boolean } = {}): Promise<Uint8Array> {
  const encoder = new TextEncoder()
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0
  for (const entry of entries) {
    const name = encoder.encode(entry.name)
    const crc = crc32(entry.data)
    const deflated = options.compress === false ? null : await deflateRaw(entry.data)
    const useDeflate = deflated !== null && deflated.length < entry.data.length
    const body = useDeflate ? deflated : entry.data
    const method = useDeflate ? 8 : 0

    const local = new DataView(new ArrayBuffer(30))
    local.setUint32(0, 0x04034B50, true)
    local.setUint16(4, 20, true)
    local.setUint16(6, FLAGS, true)
    local.setUint16(8, method, true)
    local.setUint16(10, 0, true)
    local.setUint16(12, DOS_DATE_1980_01_01, true)
    local.setUint32(14, crc, true)
    local.setUint32(18, body.length, true)
    local.setUint32(22, entry.data.length, true)
    local.setUint16(26, name.length, true)
    local.setUint16(28, 0, true)
    parts.push(new Uint8Array(local.buffer), name, body)

    const dir = new DataView(new ArrayBuffer(46))
    dir.setUint32(0, 0x02014B50, true)
    dir.setUint16(4, 20, true)
    dir.setUint16(6, 20, true)
    dir.setUint16(8, FLAGS, true)
    dir.setUint16(10, method, true)
    dir.setUint16(12, 0, true)
    dir.setUint16(14, DOS_DATE_1980_01_01, true)
    dir.setUint32(16, crc, true)
    dir.setUint32(20, body.length, true)
    dir.setUint32(24, entry.data.length, true)
    dir.setUint16(28, name.length, true)
    dir.setUint32(42, offset, true)
    central.push(new Uint8Array(dir.buffer), name)
    offset += 30 + name.length + body.length
  }
  const centralSize = central.reduce((n, p) => n + p.length, 0)
  const end = new DataView(new ArrayBuffer(22))
  end.setUint32(0, 0x06054B50, true)
  end.setUint16(8, entries.length, true)
  end.setUint16(10, entries.length, true)
  end.setUint32(12, centralSize, true)
  end.setUint32(16, offset, true)
  const all = [...parts, ...central, new Uint8Array(end.buffer)]
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of all) {
    out.set(p, at)
    at += p.length
  }
  return out
}
