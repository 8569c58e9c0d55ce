// Scenarios on Supabase: public.scenarios (its policies decide who sees and edits what) and
// public.apply_scenario. A save names the version it was opened at; a save that matches no row is
// told apart as gone, refused or overtaken by reading the row again.
import type { Json, Tables } from '../../../supabase/types.generated'
import type { AppliedScenario, ScenarioStore } from '../ScenarioStore'
import type { PinganSupabaseClient } from './client'
import type { Scenario, ScenarioDraft, ScenarioEdit } from '~/domain/scenarios'
import { DataError } from '../DataSource'
import { dataErrorFromPostgrest } from './errors'

const COLUMNS = 'id, name, owner_id, grid_id, base_revision, edits, version, created_at, updated_at'
type Row = Pick<Tables<'scenarios'>, 'id' | 'name' | 'owner_id' | 'grid_id' | 'base_revision' | 'edits' | 'version' | 'created_at' | 'updated_at'>

/** A row as the domain's scenario. */
export function scenarioFromRow(r: Row): Scenario {
  return {
    id: r.id,
    name: r.name,
    ownerId: r.owner_id,
    gridId: r.grid_id,
    baseRevision: r.base_revision,
    edits: r.edits as unknown as ScenarioEdit[], // the trigger checked the shape; the domain validates the values
    version: r.version,
    createdAt: Date.parse(r.created_at),
    updatedAt: Date.parse(r.updated_at),
  }
}

export class SupabaseScenarioStore implements ScenarioStore {
  readonly mode = 'supabase' as const
  constructor(private readonly client: PinganSupabaseClient) {}

  async list(filter: { gridId?: string } = {}): Promise<Scenario[]> {
    let q = this.client.from('scenarios').select(COLUMNS).order('updated_at', { ascending: false }).limit(500)
    if (filter.gridId !== undefined)
      q = q.eq('grid_id', filter.gridId)
    const { data, error, status } = await q
    if (error)
      throw dataErrorFromPostgrest(error, status, 'Listing scenarios')
    return (data ?? []).map(scenarioFromRow)
  }

  async get(id: string): Promise<Scenario> {
    const { data, error, status } = await this.client.from('scenarios').select(COLUMNS).eq('id', id).maybeSingle()
    if (error)
      throw dataErrorFromPostgrest(error, status, 'Reading a scenario')
    if (!data)
      throw new DataError('not_found', `Scenario ${id} does not exist or is not on your branch of the grid tree`)
    return scenarioFromRow(data)
  }

  async save(draft: ScenarioDraft, expectedVersion: number | null): Promise<Scenario> {
    const values = { name: draft.name.trim(), grid_id: draft.gridId, base_revision: draft.baseRevision, edits: draft.edits as unknown as NonNullable<Json> }
    if (expectedVersion === null) {
      const row: typeof values & { id?: string } = draft.id ? { ...values, id: draft.id } : values
      const { data, error, status } = await this.client.from('scenarios').insert(row).select(COLUMNS).single()
      if (error)
        throw dataErrorFromPostgrest(error, status, 'Saving a scenario')
      return scenarioFromRow(data)
    }
    if (!draft.id)
      throw new DataError('invalid', 'Saving a new version needs the scenario\'s id')
    const { data, error, status } = await this.client.from('scenarios').update(values).eq('id', draft.id).eq('version', expectedVersion).select(COLUMNS)
    if (error)
      throw dataErrorFromPostgrest(error, status, 'Saving a scenario')
    if (data[0])
      return scenarioFromRow(data[0])
    throw await this.whyUnchanged(draft.id, expectedVersion)
  }

  async delete(id: string, expectedVersion: number): Promise<void> {
    const { data, error, status } = await this.client.from('scenarios').delete().eq('id', id).eq('version', expectedVersion).select('id')
    if (error)
      throw dataErrorFromPostgrest(error, status, 'Deleting a scenario')
    if (data.length === 0)
      throw await this.whyUnchanged(id, expectedVersion)
  }

  async baseRevision(gridId: string): Promise<string> {
    const { data, error, status } = await this.client.rpc('planning_revision', { p_grid_id: gridId })
    if (error)
      throw dataErrorFromPostgrest(error, status, 'Reading the cameras\' and routes\' revision')
    return data
  }

  async apply(id: string, expectedVersion: number): Promise<AppliedScenario> {
    const { data, error, status } = await this.client.rpc('apply_scenario', { p_id: id, p_expected_version: expectedVersion })
    if (error) {
      const e = dataErrorFromPostgrest(error, status, 'Applying a scenario')
      throw e.kind === 'conflict' ? await this.whyConflict(id, expectedVersion, e) : e
    }
    return data as unknown as AppliedScenario // the function's jsonb is built to this shape
  }

  // apply_scenario refuses a stale version, a stale base and a second apply alike (SQLSTATE 40001);
  // which one it was is read from the data — the row's version and base against the scope's
  // revision now — so the page can offer the right remedy without parsing the message.
  private async whyConflict(id: string, expectedVersion: number, e: DataError): Promise<DataError> {
    const { data } = await this.client.from('scenarios').select('version, grid_id, base_revision, applied_at').eq('id', id).maybeSingle()
    const code = !data
      ? null
      : data.applied_at !== null
        ? 'already_applied'
        : data.version !== expectedVersion
          ? 'stale_version'
          : await this.baseRevision(data.grid_id).then(r => r !== data.base_revision ? 'stale_base' : null, () => null)
    return code ? new DataError('conflict', e.message, { ...e.detail, code }, { cause: e }) : e
  }

  // A write that matched no row: the scenario is gone or hidden, was saved since, or is not ours to edit.
  private async whyUnchanged(id: string, expectedVersion: number): Promise<DataError> {
    const now = await this.get(id)
    return now.version !== expectedVersion
      ? new DataError('conflict', `Scenario ${id} is at version ${now.version}, not ${expectedVersion}: it was saved since you opened it`, { code: 'stale_version' })
      : new DataError('forbidden', `Scenario ${id} is edited by its owner and the township commander only`)
  }
}
