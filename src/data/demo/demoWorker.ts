import { generateDemoTownship } from '~/demo'
import { datasetOnTerritory } from './territoryDataset'
import { loadStoredTerritory } from './territoryStore'

globalThis.onmessage = async (e: MessageEvent<{ anchor: number }>) => {
  const generated = generateDemoTownship({ anchor: e.data.anchor })
  // An imported territory (the /import screen) replaces the generated township until cleared.
  const imported = await loadStoredTerritory().catch(() => null)
  globalThis.postMessage(imported ? datasetOnTerritory(generated, imported.grids) : generated)
}
