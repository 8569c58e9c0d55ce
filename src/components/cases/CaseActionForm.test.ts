// @vitest-environment happy-dom
import type { CaseAction, TransitionInput } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { DataError } from '~/data'
import { i18n } from '~/i18n'
import CaseActionForm from './CaseActionForm.vue'

const record: CaseRecord = {
  id: 'c1',
  code: 'QS-2026-000001',
  categoryCode: '0301',
  title: '垃圾',
  description: 'd',
  source: 'patrol',
  status: 'registered',
  outcome: null,
  urgent: false,
  location: [120, 30],
  gridId: 'g',
  escalationLevel: 0,
  leadUnitId: null,
  coHandlers: [],
  assigneeId: null,
  reportedAt: 0,
  registeredAt: 1,
  dispatchedAt: null,
  reportedBackAt: null,
  closedAt: null,
  dueAt: 10,
  supervised: false,
  version: 4,
}

type Act = <A extends CaseAction>(action: A, input: TransitionInput<A>) => Promise<DataError | null>
/** What the tests pass as `act`: a plain mock, without the generic signature. */
type PlainAct = (action: CaseAction, input: unknown) => Promise<DataError | null>

function setup(action: CaseAction, act: PlainAct, extra: { record?: CaseRecord, coReportUnits?: string[] } = {}) {
  return mount(CaseActionForm, {
    props: { action, record: extra.record ?? record, people: [], personLabel: (id: string) => id, act: act as Act, coReportUnits: extra.coReportUnits },
    global: { plugins: [createPinia(), i18n] },
  })
}

const fields = (w: ReturnType<typeof setup>) => w.findAll('[data-field]').map(e => e.attributes('data-field'))

describe('caseActionForm', () => {
  it('asks dispatch for exactly a lead unit, co-units, an assignee and a note, with the category\'s unit preselected', () => {
    const w = setup('dispatch', vi.fn())
    expect(fields(w)).toEqual(['leadUnitId', 'coUnitIds', 'assigneeId', 'note'])
    expect((w.find('[data-field=leadUnitId]').element as HTMLSelectElement).value).toBe('village')
  })

  it('asks a report back for an outcome and a result, and escalation for a reason only', () => {
    expect(fields(setup('report_back', vi.fn()))).toEqual(['outcome', 'resultText'])
    expect(fields(setup('escalate', vi.fn()))).toEqual(['reason'])
  })

  it('asks someone acting for two co-handling units which one reports, and sends it', async () => {
    const act = vi.fn<PlainAct>(async () => null)
    const coHandled = { ...record, status: 'in_progress' as const, leadUnitId: 'governance', coHandlers: [{ unitId: 'police', reportedAt: null, outcome: null }, { unitId: 'justice', reportedAt: null, outcome: null }] }
    const w = setup('co_report', act, { record: coHandled, coReportUnits: ['police', 'justice'] })
    expect(fields(w)).toEqual(['unitId', 'outcome', 'resultText'])
    expect(w.findAll('[data-field=unitId] option').map(o => o.text())).toEqual(['选择单位', '派出所', '司法所'])
    await w.find('[data-field=resultText]').setValue('已配合调解')
    await w.find('form').trigger('submit')
    expect(w.find('[data-problem=unitId]').attributes('data-reason')).toBe('required')
    expect(act).not.toHaveBeenCalled()
    await w.find('[data-field=unitId]').setValue('justice')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(act).toHaveBeenCalledWith('co_report', { unitId: 'justice', resultText: '已配合调解', expectedVersion: 4 })
  })

  it('does not ask a single co-handling unit which one it is, and reports for it', async () => {
    const act = vi.fn<PlainAct>(async () => null)
    const w = setup('co_report', act, { coReportUnits: ['justice'] })
    expect(fields(w)).toEqual(['outcome', 'resultText'])
    await w.find('[data-field=resultText]').setValue('已配合')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(act).toHaveBeenCalledWith('co_report', { unitId: 'justice', resultText: '已配合', expectedVersion: 4 })
  })

  it('shows the domain\'s refusal on the field and does not write', async () => {
    const act = vi.fn()
    const w = setup('escalate', act)
    await w.find('form').trigger('submit')
    const error = w.find('[data-problem=reason]')
    expect(error.attributes('data-reason')).toBe('required')
    expect(error.text()).toBe('请写明理由')
    expect(act).not.toHaveBeenCalled()
  })

  it('marks every missing input of an empty submit at once, in the interface language, without developer text', async () => {
    const act = vi.fn()
    const coHandled = { ...record, status: 'in_progress' as const, leadUnitId: 'governance', coHandlers: [{ unitId: 'police', reportedAt: null, outcome: null }, { unitId: 'justice', reportedAt: null, outcome: null }] }
    const w = setup('co_report', act, { record: coHandled, coReportUnits: ['police', 'justice'] })
    await w.find('form').trigger('submit')
    expect(w.findAll('[data-problem]').map(e => [e.attributes('data-problem'), e.text()])).toEqual([
      ['unitId', '请选择以哪个协办单位反馈'],
      ['resultText', '请写明办理情况'],
    ])
    const cancel = setup('cancel', act)
    await cancel.find('form').trigger('submit')
    expect(cancel.findAll('[data-problem]').map(e => e.attributes('data-problem'))).toEqual(['kind', 'reason'])
    expect(cancel.text()).not.toMatch(/required|blank/)
    expect(act).not.toHaveBeenCalled()
  })

  it('sends the checked input with the version the user saw, and says when it is done', async () => {
    const act = vi.fn<PlainAct>(async () => null)
    const w = setup('escalate', act)
    await w.find('[data-field=reason]').setValue('  村里解决不了  ')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(act).toHaveBeenCalledWith('escalate', { reason: '村里解决不了', expectedVersion: 4 })
    expect(w.emitted('done')).toEqual([['escalate']])
  })

  it('explains a stale version and offers a reload', async () => {
    const stale = new DataError('conflict', 'Cannot escalate case c1: someone else changed it since you opened it (you edited version 4, it is now at version 5); reload and try again', { code: 'stale_version', field: null })
    const w = setup('escalate', vi.fn<PlainAct>(async () => stale))
    await w.find('[data-field=reason]').setValue('r')
    await w.find('form').trigger('submit')
    await flushPromises()
    const banner = w.find('[data-testid=action-refusal]')
    expect(banner.attributes('data-reason')).toBe('stale_version')
    expect(banner.text()).toContain('已被他人修改')
    expect(banner.text()).toContain('version 5')
    expect(w.emitted('done')).toBeUndefined()
    await w.find('[data-testid=action-reload]').trigger('click')
    expect(w.emitted('reload')).toHaveLength(1)
  })

  it('puts a refusal the data layer ties to a field next to that field', async () => {
    const bad = new DataError('invalid', 'Cannot dispatch case c1: "ghost" is not a known handling unit', { field: 'leadUnitId' })
    const w = setup('dispatch', vi.fn<PlainAct>(async () => bad))
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('[data-problem=leadUnitId]').text()).toContain('not a known handling unit')
    expect(w.find('[data-testid=action-refusal]').exists()).toBe(false)
  })

  it('renders case text as text', async () => {
    const w = setup('escalate', vi.fn<PlainAct>(async () => new DataError('invalid', '<img src=x onerror=alert(1)>')))
    await w.find('[data-field=reason]').setValue('r')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid=action-refusal] img').exists()).toBe(false)
    expect(w.find('[data-testid=action-refusal]').text()).toContain('<img src=x onerror=alert(1)>')
  })
})
