import type { Backend } from '../index'
import { DeferredCaseLoop } from '../DeferredCaseLoop'
import { DemoDataSource } from './DemoDataSource'
import { DemoTerritoryImporter } from './DemoTerritoryImporter'
import { withDemoUnitHandlers } from './demoUsers'
import { loadDemoDataset } from './loadDemoDataset'

/**
 * The embedded demo township as a backend. One dataset serves every viewer's reads and writes, so
 * a case written as one demo user shows when viewing as another; generation starts here.
 */
export function createDemoBackend(): Backend {
  const dataset = loadDemoDataset().then(withDemoUnitHandlers)
  return {
    mode: 'demo',
    auth: null,
    dataSource: viewerId => new DemoDataSource(dataset, viewerId),
    caseLoop: viewerId => new DeferredCaseLoop(() => import('./DemoCaseLoop').then(m => new m.DemoCaseLoop(dataset, viewerId))),
    territory: new DemoTerritoryImporter(),
  }
}
