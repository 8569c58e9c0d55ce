// Saved planning scenarios on either backend: the demo keeps them in the browser (IndexedDB, across
// reloads); Supabase keeps them in public.scenarios under row-level security and applies them with
// public.apply_scenario (supabase/migrations/…_scenarios.sql).
import type { Scenario, ScenarioDraft } from '~/domain/scenarios'

/** What apply answers: the scenario's new version, the scope's new revision, and the real ids given to new cameras and routes. */
export interface AppliedScenario {
  version: number
  revision: string
  addedCameras: Record<string, string>
  addedRoutes: Record<string, string>
}

export interface ScenarioStore {
  readonly mode: 'demo' | 'supabase'
  /** The scenarios the viewer sees (on Supabase: on their branch of the grid tree), last saved first. */
  list: (filter?: { gridId?: string }) => Promise<Scenario[]>
  /** One scenario; DataError 'not_found' when it does not exist or is hidden. */
  get: (id: string) => Promise<Scenario>
  /**
   * Saves a new scenario (expectedVersion null) or a new version of one. DataError 'conflict' (code
   * 'stale_version') when it was saved by someone else since expectedVersion, 'forbidden' when the viewer may not edit
   * it, 'invalid' when the database refuses the edits (caps, kinds).
   */
  save: (draft: ScenarioDraft, expectedVersion: number | null) => Promise<Scenario>
  /** Deletes a scenario at that version; the same errors as save. */
  delete: (id: string, expectedVersion: number) => Promise<void>
  /** The revision of a grid's real cameras and routes, to record as a new scenario's base. */
  baseRevision: (gridId: string) => Promise<string>
  /**
   * Applies a scenario to the real cameras and routes (administrators, Supabase only; the demo
   * refuses with 'forbidden'). A refusal of kind 'conflict' says why in `detail.code`:
   * 'stale_version' (saved since expectedVersion), 'stale_base' (the real set changed since the
   * scenario was drawn: redraw it on the current set) or 'already_applied'.
   */
  apply: (id: string, expectedVersion: number) => Promise<AppliedScenario>
}
