import type { Staff } from '~/domain/types'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { DEMO_VIEWERS } from '~/data'
import { useSession } from '~/stores/session'
import { useLatest } from './useLatest'

/**
 * Names for the people a case mentions (assignees, actors in the log): staff by name, demo
 * sign-ins by their role, anyone else by id. Staff are loaded once per data source.
 */
export function useCasePeople() {
  const session = useSession()
  const { t } = useI18n()
  // Names are a nicety: a failed load leaves the ids showing, which is still correct.
  const staff = useLatest(
    [() => session.dataSource],
    ([ds]) => ds.listStaff().then(list => new Map(list.map(s => [s.id, s])) as ReadonlyMap<string, Staff>),
    { initial: new Map() as ReadonlyMap<string, Staff> },
  ).data

  const viewers = computed(() => new Map(DEMO_VIEWERS.map(v => [v.id, v])))

  /** A display name for a person id. */
  function personName(id: string): string {
    const s = staff.value.get(id)
    if (s)
      return s.name
    const v = viewers.value.get(id)
    if (v)
      return t(v.label)
    return id
  }

  /** A name with the person's post, for choosing among people: "章民春（网格长）". */
  function personLabel(id: string): string {
    const s = staff.value.get(id)
    return s ? `${s.name}（${t(`staffRole.${s.role}`)}）` : personName(id)
  }

  /** Staff of the given grids (a case's grid and its ancestors), for choosing an assignee. */
  function staffOf(gridIds: readonly string[]): Staff[] {
    const wanted = new Set(gridIds)
    return [...staff.value.values()].filter(s => wanted.has(s.gridId))
  }

  return { staff, personName, personLabel, staffOf }
}
