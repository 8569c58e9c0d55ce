// The demo's scenarios: kept in the browser so a planner's work survives a reload. The storage is
// a small key-value interface, IndexedDB in the app and a Map in tests.
import type { AppliedScenario, ScenarioStore } from '../ScenarioStore'
import type { Scenario, ScenarioDraft } from '~/domain/scenarios'
import { SCENARIO_LIMITS } from '~/domain/scenarios'
import { DataError } from '../DataSource'
import { newUuid } from '../uuid'
import { idbStore } from './idbStore'

/** Where the scenarios are kept: whole records by id. */
export interface ScenarioShelf {
  all: () => Promise<Scenario[]>
  get: (id: string) => Promise<Scenario | null>
  put: (s: Scenario) => Promise<void>
  delete: (id: string) => Promise<void>
}

/** A shelf in memory (tests, and browsers without IndexedDB). */
export function memoryShelf(): ScenarioShelf {
  const m = new Map<string, Scenario>()
  return {
    all: async () => [...m.values()].map(s => structuredClone(s)),
    get: async id => structuredClone(m.get(id) ?? null),
    put: async (s) => { m.set(s.id, structuredClone(s)) },
    delete: async (id) => { m.delete(id) },
  }
}

const DB = 'pingan-grid-scenarios'
const STORE = 'scenarios'

const run = idbStore(DB, STORE, { keyPath: 'id' })

/** The browser's shelf: IndexedDB (its own database, so the territory store's schema is untouched). */
export function indexedDbShelf(): ScenarioShelf {
  return {
    all: () => run('readonly', s => s.getAll() as IDBRequest<Scenario[]>),
    get: async id => (await run('readonly', s => s.get(id) as IDBRequest<Scenario | undefined>)) ?? null,
    put: async (v) => { await run('readwrite', s => s.put(v)) },
    delete: async (id) => { await run('readwrite', s => s.delete(id)) },
  }
}

/** What the demo store needs from the demo township. */
export interface DemoScenarioContext {
  viewerId: string
  /** Whether the viewer may edit a scenario they do not own in this grid (a township commander over it). */
  mayEditOthers: (gridId: string) => Promise<boolean>
  /** The revision of the demo's cameras and routes of a grid. */
  revision: (gridId: string) => Promise<string>
  now?: () => number
}

/** FNV-1a of a string as 8 hex digits: the demo's revision of a set of cameras and routes. */
export function demoRevision(text: string): string {
  let h = 0x811C9DC5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

export class DemoScenarioStore implements ScenarioStore {
  readonly mode = 'demo' as const
  constructor(private readonly shelf: ScenarioShelf, private readonly ctx: DemoScenarioContext) {}

  async list(filter: { gridId?: string } = {}): Promise<Scenario[]> {
    const all = await this.shelf.all()
    return all.filter(s => filter.gridId === undefined || s.gridId === filter.gridId).sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1))
  }

  async get(id: string): Promise<Scenario> {
    const s = await this.shelf.get(id)
    if (!s)
      throw new DataError('not_found', `Scenario ${id} does not exist`)
    return s
  }

  async save(draft: ScenarioDraft, expectedVersion: number | null): Promise<Scenario> {
    checkDraft(draft)
    const now = (this.ctx.now ?? Date.now)()
    if (expectedVersion === null) {
      const s: Scenario = { id: draft.id ?? newUuid(), name: draft.name.trim(), ownerId: this.ctx.viewerId, gridId: draft.gridId, baseRevision: draft.baseRevision, edits: structuredClone(draft.edits), version: 1, createdAt: now, updatedAt: now }
      if (await this.shelf.get(s.id))
        throw new DataError('conflict', `Scenario ${s.id} already exists`)
      await this.shelf.put(s)
      return s
    }
    if (!draft.id)
      throw new DataError('invalid', 'Saving a new version needs the scenario\'s id')
    const old = await this.editable(draft.id, expectedVersion)
    const s: Scenario = { ...old, name: draft.name.trim(), gridId: draft.gridId, baseRevision: draft.baseRevision, edits: structuredClone(draft.edits), version: old.version + 1, updatedAt: Math.max(now, old.updatedAt) }
    await this.shelf.put(s)
    return s
  }

  async delete(id: string, expectedVersion: number): Promise<void> {
    await this.editable(id, expectedVersion)
    await this.shelf.delete(id)
  }

  baseRevision(gridId: string): Promise<string> {
    return this.ctx.revision(gridId)
  }

  async apply(): Promise<AppliedScenario> {
    throw new DataError('forbidden', 'The demo does not change its cameras and routes: applying a scenario is an administrator\'s act on Supabase')
  }

  private async editable(id: string, expectedVersion: number): Promise<Scenario> {
    const old = await this.get(id)
    if (old.ownerId !== this.ctx.viewerId && !(await this.ctx.mayEditOthers(old.gridId)))
      throw new DataError('forbidden', `Scenario ${id} is edited by its owner and the township commander only`)
    if (old.version !== expectedVersion)
      throw new DataError('conflict', `Scenario ${id} is at version ${old.version}, not ${expectedVersion}: it was saved since you opened it`, { code: 'stale_version' })
    return old
  }
}

/** The caps the database holds, checked before saving so both backends refuse the same drafts. */
function checkDraft(d: ScenarioDraft): void {
  const name = d.name.trim()
  if (name.length === 0 || name.length > SCENARIO_LIMITS.maxNameLength)
    throw new DataError('invalid', `A scenario's name must be 1–${SCENARIO_LIMITS.maxNameLength} characters`)
  if (d.edits.length > SCENARIO_LIMITS.maxEdits)
    throw new DataError('invalid', `${d.edits.length} edits: a scenario holds at most ${SCENARIO_LIMITS.maxEdits}`)
  const bytes = new TextEncoder().encode(JSON.stringify(d.edits)).length
  if (bytes > SCENARIO_LIMITS.maxEditsJsonBytes)
    throw new DataError('invalid', `The edits take ${bytes} bytes as JSON: at most ${SCENARIO_LIMITS.maxEditsJsonBytes}`)
}
