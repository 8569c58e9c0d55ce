import type { DataSource } from './DataSource'
import type { DemoDataset } from '~/domain/demo'
import { DemoDataSource } from './demo/DemoDataSource'
import { loadDemoDataset } from './demo/loadDemoDataset'

/** Which backend the app runs on, decided once from the build-time environment. */
export const backendMode: 'demo' | 'supabase' = import.meta.env.VITE_SUPABASE_URL ? 'supabase' : 'demo'

let demoDataset: Promise<DemoDataset> | null = null

/** A data source for the embedded demo township, as seen by one of its demo users. */
export function createDemoDataSource(viewerId: string): DataSource {
  demoDataset ??= loadDemoDataset()
  return new DemoDataSource(demoDataset, viewerId)
}
