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
  // Other tabs' demo writes are applied here too (BroadcastChannel); the relay brings the case
  // loop's code, so it loads after the first screen rather than in it.
  void dataset.then(data => import('./tabRelay').then(m => m.relayDemoCaseWrites(data)))
  const liveFeed = () => import('./liveFeed')
  return {
    mode: 'demo',
    auth: null,
    dataSource: viewerId => new DemoDataSource(dataset, viewerId),
    caseLoop: viewerId => new DeferredCaseLoop(() => import('./DemoCaseLoop').then(m => new m.DemoCaseLoop(dataset, viewerId))),
    live: viewerId => liveFeed().then(m => new m.DemoLiveSource(dataset, viewerId)),
    startDemoFeed: options => liveFeed().then(m => m.startDemoFeed(dataset, options)),
    territory: new DemoTerritoryImporter(),
  }
}
