import type { ImportReply, ImportRequest } from './importProtocol'
import { beforeAll, describe, expect, it } from 'vitest'
import { chineseFeatureCollection, jsonBytes } from '~/domain/territoryImport/__fixtures__/files'
import { syntheticTerritory } from '~/domain/territoryImport/__fixtures__/territory'

// The worker's handler, run on this thread: requests in, replies out, as the page sees them.
const replies: ImportReply[] = []
let seq = 0
async function send(req: ImportRequest): Promise<ImportReply> {
  const id = ++seq
  ;(globalThis as unknown as { onmessage: (e: { data: unknown }) => void }).onmessage({ data: { id, req } })
  return replies.find(r => r.id === id)!
}

const grids = syntheticTerritory({ county: '330122', villages: [2, 1] })
const asGrids = grids.map((g, i) => ({ id: `g${i}`, code: g.code, level: g.level, parentId: g.parentCode ? `g${grids.findIndex(p => p.code === g.parentCode)}` : null, name: g.name, nameEn: g.name, boundary: g.boundary, labelPoint: [0, 0] as [number, number], areaKm2: 1, chiefId: null, workerIds: [], households: 0, population: 0 }))

beforeAll(async () => {
  ;(globalThis as unknown as { postMessage: (r: ImportReply) => void }).postMessage = r => replies.push(r)
  await import('./importWorker')
})

describe('the import worker', () => {
  it('answers a request before a file is open with an error, not a crash', async () => {
    expect(await send({ op: 'repair', problems: null })).toEqual({ id: seq, ok: false, message: 'no file is open' })
  })

  it('opens a file, keeps it, and answers decisions, the diff and the export', async () => {
    const fc = chineseFeatureCollection(grids)
    // A village written twice: a duplicate code to leave out.
    fc.features.push(structuredClone(fc.features[1]!))
    const opened = await send({ op: 'open', name: 't.geojson', bytes: jsonBytes(fc), existingCodes: [], countyCode: '330122' })
    expect(opened.ok).toBe(true)
    const value = (opened as { value: { read: { featureCount: number, fields: string[] }, preview: { problems: Array<{ kind: string, feature: number }> }, importable: boolean } }).value
    expect(value.read.featureCount).toBe(grids.length + 1)
    expect(value.importable).toBe(false)
    expect(value.preview.problems.map(p => p.kind)).toContain('code-duplicate')
    const excluded = await send({ op: 'exclude', features: [grids.length] })
    expect((excluded as { value: { importable: boolean } }).value.importable).toBe(true)
    const diff = await send({ op: 'diff', current: asGrids, cases: [], replaceAll: false })
    expect((diff as { value: { diff: { added: unknown[], unchanged: number } } }).value.diff).toMatchObject({ added: [], unchanged: grids.length })
    const exported = await send({ op: 'export', format: 'geojson' })
    expect(JSON.parse((exported as { value: { text: string } }).value.text).features).toHaveLength(grids.length)
    // An unreadable file is an error reply naming it, and the file open before stays open.
    const bad = await send({ op: 'open', name: 'x.kml', bytes: new TextEncoder().encode('<kml'), existingCodes: [] })
    expect(bad).toMatchObject({ ok: false, message: expect.stringMatching(/x\.kml/) })
    expect((await send({ op: 'export', format: 'kml' })).ok).toBe(true)
  })
})
