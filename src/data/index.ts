// The data layer's public entry: everything outside src/data imports from here (a lint rule holds
// it to that). The implementations load lazily, so the Supabase build's sign-in screen carries no
// demo code and the demo's first screen no Supabase client or case-loop machine.
import type { CaseLoopSource } from './CaseLoopSource'
import type { DataSource } from './DataSource'
import type { DemoFeed, DemoFeedOptions } from './demo/liveFeed'
import type { LiveSource } from './LiveSource'
import type { ScenarioStore } from './ScenarioStore'
import type { SupabaseAuth } from './supabase/auth'
import type { TerritoryImporter } from './territoryImporter'

export type { CaseContact, CaseLoopSource, WriteOptions } from './CaseLoopSource'
export type { CaseFilter, DataErrorDetail, DataErrorKind, DataSource, GridFilter, GridKpiReport, GridKpiRow, Period, PlacedFilter } from './DataSource'
export { asDataError, DataError } from './DataSource'
export { DEMO_VIEWERS } from './demo/demoUsers'
export type { DemoFeed, DemoFeedOptions } from './demo/liveFeed'
export { canonicalJson, createSendKeys, newIdempotencyKey } from './idempotency'
export type { SendKeys } from './idempotency'
export type { CatchUpReason, LiveChange, LiveListener, LiveSource, LiveStatus, LiveSubscription } from './LiveSource'
export { isCountyCode, isLiveScope } from './LiveSource'
export { backoffMs, idbQueueStore, isNetworkFailure, memoryQueueStore, OfflineQueue } from './offlineQueue'
export type { QueuedPhoto, QueuedWrite, QueueItem, QueueRefusal, QueueState, QueueStore } from './offlineQueue'
export type { AppliedScenario, ScenarioStore } from './ScenarioStore'
export type { AuthUser, SupabaseAuth } from './supabase/auth'
export type { TerritoryImporter } from './territoryImporter'

/** Which backend the app runs on, decided once from the build-time environment. */
export const backendMode: 'demo' | 'supabase' = import.meta.env.VITE_SUPABASE_URL ? 'supabase' : 'demo'

/** A connected backend: sign-in where there is one, and the sources answering as a viewer. */
export interface Backend {
  readonly mode: 'demo' | 'supabase'
  /** Sign-in; null on the demo, where "view as" picks the viewer. */
  readonly auth: SupabaseAuth | null
  /** The read side as a viewer: a demo user's id, or (on Supabase) whoever is signed in, whatever the id. */
  dataSource: (viewerId: string) => DataSource
  /** The case loop as the same viewer, over the same data; its code loads on first use. */
  caseLoop: (viewerId: string) => CaseLoopSource
  /** Live change notices as the same viewer; loaded on first use, like the case loop. */
  live: (viewerId: string) => Promise<LiveSource>
  /** Keeps the demo township living (reports, dispatches, closings) until stopped; null on Supabase. */
  startDemoFeed: ((options?: DemoFeedOptions) => Promise<DemoFeed>) | null
  /**
   * Forgets the demo edits this browser keeps (cases reported and moved, notices opened); the
   * caller reloads the page to start from the generated township. Null on Supabase.
   */
  resetDemo: (() => Promise<void>) | null
  /** The territory import (county admins): in the browser on the demo, import_territory on Supabase. */
  territory: TerritoryImporter
  /** Saved planning scenarios as the same viewer: in the browser on the demo, public.scenarios on Supabase. */
  scenarios: (viewerId: string) => ScenarioStore
}

let backend: Promise<Backend> | null = null

/**
 * Loads the build's backend, once. On the demo this starts generating the township at once, so
 * call it as early as possible; on Supabase it loads supabase-js and creates the client.
 */
export function loadBackend(): Promise<Backend> {
  backend ??= backendMode === 'supabase'
    ? import('./supabase/backend').then(m => m.connectSupabase())
    : import('./demo/backend').then(m => m.createDemoBackend())
  return backend
}
