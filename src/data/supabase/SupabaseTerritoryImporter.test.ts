import type { RecordedRequest, Reply } from './__fixtures__/recordingFetch'
import { describe, expect, it } from 'vitest'
import { syntheticTerritory } from '~/domain/territoryImport/__fixtures__/territory'
import { DataError } from '../DataSource'
import { TEST_ANON_KEY } from './__fixtures__/jwt'
import { recordingFetch } from './__fixtures__/recordingFetch'
import { testClientOptions } from './__fixtures__/testClient'
import { createSupabaseClient } from './client'
import { SupabaseTerritoryImporter } from './SupabaseTerritoryImporter'

function setup(handler: (r: RecordedRequest) => Reply) {
  const rec = recordingFetch(handler)
  const client = createSupabaseClient({ url: 'https://pingan-test.supabase.co', anonKey: TEST_ANON_KEY }, testClientOptions(rec.fetch))
  return { rec, importer: new SupabaseTerritoryImporter(client) }
}

const grids = syntheticTerritory({ county: '330122', villages: [1, 1], groups: [1, 1] })

describe('supabaseTerritoryImporter', () => {
  it('sends every grid to import_territory in one call', async () => {
    const { rec, importer } = setup(() => ({ json: { added: 3, renamed: 0, redrawn: 0, removed: 0, unchanged: 0, casesMoved: [] } }))
    await importer.commit(grids, { fileName: '青溪镇.zip', countyCode: '330122' })
    const calls = rec.rpcCalls()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.fn).toBe('import_territory')
    expect(calls[0]!.body).toEqual({
      p_county_code: '330122',
      p_file_name: '青溪镇.zip',
      p_grids: grids.map(g => ({ code: g.code, name: g.name, level: g.level, parentCode: g.parentCode, boundary: g.boundary })),
    })
  })

  it('passes the function\'s refusal on as a DataError saying why', async () => {
    const { importer } = setup(() => ({ status: 403, json: { code: '42501', message: 'Only a county admin of county 330122 (or service_role) imports its territory', details: null, hint: null } }))
    const error = await importer.commit(grids, { fileName: 'x.zip', countyCode: '330122' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DataError)
    expect(error).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('Only a county admin of county 330122') })
  })
})
