// The import worker: holds the file read and the current preview; see importProtocol.ts.
import type { ImportReply, ImportRequest, ImportResponses } from './importProtocol'
import type { ImportPreview, TerritoryGrid } from '~/domain/territoryImport/pipeline'
import type { ReadResult } from '~/domain/territoryImport/types'
import type { CaseRecord, Grid } from '~/domain/types'
import { isInSubtree } from '~/domain/gridCode'
import { diffTerritory, gridLocator } from '~/domain/territoryImport/diff'
import { exportGeoJson, exportKml } from '~/domain/territoryImport/export'
import { applyAllRepairs, applyRepairs, excludeFeatures, gridsToCommit, isImportable, prepareImport } from '~/domain/territoryImport/pipeline'
import { readTerritoryFile } from '~/domain/territoryImport/readers'

/**
 * The cases an import concerns, as import_territory takes them: in a township it replaces, or
 * inside one of its grids (a case mis-filed elsewhere in the county is left alone).
 */
function casesConcerned<C extends Pick<CaseRecord, 'location' | 'gridId'>>(current: readonly Grid[], grids: readonly TerritoryGrid[], cases: readonly C[], scope: readonly string[] | undefined): C[] {
  if (!scope)
    return [...cases]
  const codeById = new Map(current.map(g => [g.id, g.code]))
  const inImport = gridLocator(grids)
  return cases.filter((c) => {
    const code = codeById.get(c.gridId)
    return (code !== undefined && scope.some(s => isInSubtree(code, s))) || inImport(c.location) !== null
  })
}

let read: ReadResult | null = null
let preview: ImportPreview | null = null

function current(): ImportPreview {
  if (!preview)
    throw new Error('no file is open')
  return preview
}

function answer(p: ImportPreview): ImportResponses['prepare'] {
  preview = p
  return { preview: p, importable: isImportable(p) }
}

function handle(req: ImportRequest): ImportResponses[ImportRequest['op']] {
  switch (req.op) {
    case 'open': {
      read = readTerritoryFile(req.name, req.bytes, req.encoding ? { encoding: req.encoding } : {})
      const { features, ...rest } = read
      const p = prepareImport(read, { existingCodes: new Set(req.existingCodes), countyCode: req.countyCode })
      return { read: { ...rest, featureCount: features.length }, ...answer(p) }
    }
    case 'prepare': {
      if (!read)
        throw new Error('no file is open')
      const { options } = current()
      return answer(prepareImport(read, { ...options, crs: req.crs, mapping: req.mapping }))
    }
    case 'repair': {
      const p = current()
      return answer(req.problems === null ? applyAllRepairs(p) : applyRepairs(p, req.problems.map(i => p.problems[i]!).filter(Boolean)))
    }
    case 'exclude':
      return answer(excludeFeatures(current(), req.features))
    case 'diff': {
      const grids = gridsToCommit(current())
      const scope = req.replaceAll ? undefined : [...new Set(grids.filter(g => g.level === 1).map(g => g.code))]
      return { diff: diffTerritory(req.current, grids, casesConcerned(req.current, grids, req.cases, scope), { scope }), grids }
    }
    case 'export': {
      const grids = gridsToCommit(current())
      return { text: req.format === 'kml' ? exportKml(grids) : exportGeoJson(grids) }
    }
  }
}

globalThis.onmessage = (e: MessageEvent<{ id: number, req: ImportRequest }>) => {
  let reply: ImportReply
  try {
    reply = { id: e.data.id, ok: true, value: handle(e.data.req) }
  }
  catch (err) {
    reply = { id: e.data.id, ok: false, message: err instanceof Error ? err.message : String(err) }
  }
  globalThis.postMessage(reply)
}
