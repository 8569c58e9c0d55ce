// @vitest-environment happy-dom
import type { OverlayLoads } from './useOverlayData'
import type { Explorer } from '~/composables/useExplorer'
import type { CaseRecord, Road } from '~/domain/types'
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, reactive, shallowRef } from 'vue'
import { createFreshness } from '~/composables/freshness'
import { createAppClock } from '~/composables/useAppClock'
import { SOURCE } from '~/map/layerIds'
import { MAP_CONTEXT } from '~/map/mapContext'
import { createFakeMap } from '~/map/testing/fakeMap'
import { OVERLAYS } from '.'
import OverlayLayers from './OverlayLayers.vue'
import { useOverlayData } from './useOverlayData'

const NOW = Date.UTC(2026, 2, 10, 2)
const CASE: CaseRecord = {
  id: 'c1',
  code: 'QS-2026-000001',
  categoryCode: '0101',
  title: '占道经营',
  description: '',
  source: 'patrol',
  status: 'dispatched',
  outcome: null,
  urgent: false,
  location: [120.1, 30.1],
  address: null,
  gridId: 'g1',
  escalationLevel: 0,
  leadUnitId: 'police',
  coHandlers: [],
  assigneeId: 's1',
  reportedAt: NOW - 3_600_000,
  registeredAt: null,
  dispatchedAt: null,
  reportedBackAt: null,
  closedAt: null,
  dueAt: NOW + 3_600_000,
  supervised: false,
  version: 1,
}
const ROAD = { id: 'r1', kind: 'main', name: '主路', nameEn: 'Main', line: { type: 'LineString', coordinates: [[120, 30], [120.2, 30.2]] } } as unknown as Road

// A data source that counts its requests; the session store around it is all useOverlayData reads.
const requests: string[] = []
const dataSource = {
  now: () => NOW,
  listCases: async () => {
    requests.push('cases')
    return { cases: [CASE], total: 1, truncated: false }
  },
  listRoads: async () => {
    requests.push('roads')
    return [ROAD]
  },
}
const session = reactive({ dataSource })
vi.mock('~/stores/session', () => ({ useSession: () => session }))

function setup(initial: string[]) {
  const fake = createFakeMap()
  const layers = shallowRef<ReadonlySet<string>>(new Set(initial))
  const selected = shallowRef({ id: 'g1' })
  const periodDays = shallowRef(30)
  const explorer = { layers, selected, periodDays, active: () => true } as unknown as Explorer
  const parents: Record<string, string> = { g1: 'top', g2: 'top' }
  const freshness = createFreshness({ parentOf: id => parents[id] ?? null, batchMs: 0 })
  let loads!: OverlayLoads
  const Host = defineComponent({
    setup() {
      loads = useOverlayData(OVERLAYS, explorer, freshness, createAppClock(() => NOW))
      return () => h(OverlayLayers, { overlays: OVERLAYS, loads, layers: layers.value, locale: 'zh-CN' })
    },
  })
  mount(Host, { global: { provide: { [MAP_CONTEXT as symbol]: fake.context } } })
  return { fake, layers, selected, periodDays, freshness, loads: () => loads }
}

async function settle() {
  for (let i = 0; i < 5; i++) {
    await new Promise(r => setTimeout(r, 0))
    await nextTick()
  }
}
const caseSetData = (fake: ReturnType<typeof createFakeMap>) => fake.calls.filter(c => c.method === 'setData' && (c.args[0] === SOURCE.cases || c.args[0] === SOURCE.casesClustered))

describe('overlay data from the registry: a change loads and pushes only what it changes', () => {
  it('toggling roads with cases on requests no cases and pushes no case data', async () => {
    requests.length = 0
    const { fake, layers } = setup(['roads', 'cases'])
    await settle()
    expect(requests.sort()).toEqual(['cases', 'roads'])
    expect(fake.sources.get(SOURCE.casesClustered)).toBeDefined()
    requests.length = 0
    fake.calls.length = 0
    layers.value = new Set(['cases'])
    await settle()
    expect(fake.sources.has(SOURCE.roads)).toBe(false)
    layers.value = new Set(['cases', 'roads'])
    await settle()
    expect(requests).toEqual(['roads'])
    expect(caseSetData(fake)).toEqual([])
    expect(fake.calls.filter(c => c.method === 'addSource' && String(c.args[0]).startsWith('cases'))).toEqual([])
  })

  it('a new period requests the cases once and pushes them once into each case source', async () => {
    requests.length = 0
    const { fake, periodDays } = setup(['cases'])
    await settle()
    requests.length = 0
    fake.calls.length = 0
    periodDays.value = 7
    await settle()
    expect(requests).toEqual(['cases'])
    expect(caseSetData(fake).map(c => c.args[0]).sort()).toEqual([SOURCE.cases, SOURCE.casesClustered])
  })

  it('a change in the selected grid\'s subtree reloads the cases once; a change elsewhere, and the roads, not at all', async () => {
    requests.length = 0
    const { freshness } = setup(['cases', 'roads'])
    await settle()
    requests.length = 0
    freshness.notice({ entity: 'case', id: 'c9', gridId: 'g2', status: 'reported', version: 1 })
    await settle()
    expect(requests).toEqual([])
    // A burst of notices below the selected grid: one reload.
    for (let v = 2; v < 12; v++)
      freshness.notice({ entity: 'case', id: 'c1', gridId: 'g1', status: 'dispatched', version: v })
    await settle()
    expect(requests).toEqual(['cases'])
  })

  it('a failed load is the overlay\'s error, not an unhandled rejection', async () => {
    const failing = vi.spyOn(dataSource, 'listRoads').mockRejectedValueOnce(new Error('network down'))
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const { loads } = setup(['roads'])
      await settle()
      expect(unhandled).not.toHaveBeenCalled()
      expect(loads().error.value).toMatchObject({ overlay: 'roads', error: { message: expect.stringContaining('network down') } })
    }
    finally {
      process.off('unhandledRejection', unhandled)
      failing.mockRestore()
    }
  })
})
