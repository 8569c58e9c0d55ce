import type { TerritoryImporter } from '../territoryImporter'
import type { TerritoryGrid } from '~/domain/territoryImport/pipeline'
import { asDataError } from '../DataSource'
import { clearStoredTerritory, loadStoredTerritory, saveStoredTerritory } from './territoryStore'

/** The demo's import: the whole territory is replaced in the browser; the page reloads onto it. */
export class DemoTerritoryImporter implements TerritoryImporter {
  readonly mode = 'demo' as const

  async commit(grids: readonly TerritoryGrid[], meta: { fileName: string }): Promise<void> {
    try {
      await saveStoredTerritory({ grids: [...grids], importedAt: Date.now(), fileName: meta.fileName })
    }
    catch (e) {
      throw asDataError(e, 'unavailable')
    }
  }

  async importedFile(): Promise<string | null> {
    return (await loadStoredTerritory().catch(() => null))?.fileName ?? null
  }

  async resetToDemo(): Promise<void> {
    await clearStoredTerritory()
  }
}
