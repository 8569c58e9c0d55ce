import type { Json } from '../../../supabase/types.generated'
import type { TerritoryImporter } from '../territoryImporter'
import type { PinganSupabaseClient } from './client'
import type { TerritoryGrid } from '~/domain/territoryImport/pipeline'
import { dataErrorFromPostgrest } from './errors'

/** The import on Supabase: public.import_territory, one transaction, county admins of that county only. */
export class SupabaseTerritoryImporter implements TerritoryImporter {
  readonly mode = 'supabase' as const
  constructor(private readonly client: PinganSupabaseClient) {}

  async commit(grids: readonly TerritoryGrid[], meta: { fileName: string, countyCode: string }): Promise<void> {
    const { error, status } = await this.client.rpc('import_territory', {
      p_county_code: meta.countyCode,
      p_file_name: meta.fileName,
      p_grids: grids.map(g => ({ code: g.code, name: g.name, level: g.level, parentCode: g.parentCode, boundary: g.boundary })) as unknown as Json, // GeoJSON's interfaces lack Json's index signature
    })
    if (error)
      throw dataErrorFromPostgrest(error, status, 'Importing the territory')
  }
}
