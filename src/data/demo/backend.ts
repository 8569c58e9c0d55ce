import type { Backend } from '../index'
import { DeferredCaseLoop } from '../DeferredCaseLoop'
import { DemoDataSource } from './DemoDataSource'
import { clearDemoEdits, indexedDbEditShelf, memoryEditShelf, restoreDemoEdits } from './demoEdits'
import { demoRevision, DemoScenarioStore, indexedDbShelf, memoryShelf } from './DemoScenarioStore'
import { DemoTerritoryImporter } from './DemoTerritoryImporter'
import { DEMO_VIEWERS, withDemoUnitHandlers } from './demoUsers'
import { loadDemoDataset } from './loadDemoDataset'

/**
 * The embedded demo township as a backend. One dataset serves every viewer's reads and writes, so
 * a case written as one demo user shows when viewing as another; generation starts here.
 */
export function createDemoBackend(): Backend {
  // The visitor's edits of earlier sittings go back in before anything reads the township.
  const edits = typeof indexedDB === 'undefined' ? memoryEditShelf() : indexedDbEditShelf()
  const dataset = loadDemoDataset().then(withDemoUnitHandlers).then(data => restoreDemoEdits(data, edits))
  // Other tabs' demo writes are applied here too (BroadcastChannel); the relay brings the case
  // loop's code, so it loads after the first screen rather than in it.
  void dataset.then(data => import('./tabRelay').then(m => m.relayDemoCaseWrites(data)))
  const liveFeed = () => import('./liveFeed')
  const shelf = typeof indexedDB === 'undefined' ? memoryShelf() : indexedDbShelf()
  // The demo's cameras and routes never change (applying is Supabase's), so one revision serves every grid.
  const revision = dataset.then(d => demoRevision(JSON.stringify([d.cameras, d.patrolRoutes])))
  return {
    mode: 'demo',
    auth: null,
    dataSource: viewerId => new DemoDataSource(dataset, viewerId),
    caseLoop: viewerId => new DeferredCaseLoop(() => import('./DemoCaseLoop').then(m => new m.DemoCaseLoop(dataset, viewerId))),
    live: viewerId => liveFeed().then(m => new m.DemoLiveSource(dataset, viewerId)),
    startDemoFeed: options => liveFeed().then(m => m.startDemoFeed(dataset, options)),
    territory: new DemoTerritoryImporter(),
    resetDemo: () => clearDemoEdits(edits),
    // The demo has one township: its commander edits every scenario, as on Supabase.
    scenarios: viewerId => new DemoScenarioStore(shelf, {
      viewerId,
      mayEditOthers: async () => DEMO_VIEWERS.some(v => v.id === viewerId && v.role === 'township_commander'),
      revision: () => revision,
    }),
  }
}
