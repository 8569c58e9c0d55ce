// @vitest-environment happy-dom
import type { CaseRecord } from '~/domain/types'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { i18n } from '~/i18n'
import CaseList from './CaseList.vue'

const NOW = Date.parse('2026-11-18T10:00:00+08:00')

function kase(i: number): CaseRecord {
  return {
    id: `c${i}`,
    code: `QS-2026-${String(i).padStart(6, '0')}`,
    categoryCode: '0301',
    title: `事件 ${i}`,
    description: '',
    source: 'patrol',
    status: 'registered',
    outcome: null,
    urgent: i % 97 === 0,
    location: [120, 30],
    gridId: 'g',
    escalationLevel: 0,
    leadUnitId: null,
    assigneeId: null,
    reportedAt: NOW - i * 60_000,
    registeredAt: i % 97 === 0 ? null : NOW - i * 60_000,
    dispatchedAt: null,
    reportedBackAt: null,
    closedAt: null,
    dueAt: i % 3 === 0 ? NOW - 1 : NOW + 5 * 86_400_000,
    supervised: false,
    version: 1,
  }
}

const ROWS = Array.from({ length: 10_000 }, (_, i) => kase(i))
const VIEWPORT = 600

// happy-dom does no layout: give every element the height of the list's viewport.
const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => VIEWPORT })
})
afterAll(() => {
  if (original)
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', original)
})

function setup(rows: readonly CaseRecord[] = ROWS, selectedId: string | null = null) {
  return mount(CaseList, {
    props: { rows, now: NOW, selectedId, resetKey: 'a', gridLabel: () => '东岭村 › 三组' },
    global: { plugins: [createPinia(), i18n] },
  })
}

const rendered = (w: ReturnType<typeof setup>) => w.findAll('[data-case-id]').map(r => r.attributes('data-case-id'))

describe('caseList', () => {
  it('puts only the rows in view in the DOM out of 10,000', async () => {
    const w = setup()
    await nextTick()
    const ids = rendered(w)
    expect(ids[0]).toBe('c0')
    expect(ids.length).toBeGreaterThanOrEqual(Math.ceil(VIEWPORT / 58))
    expect(ids.length).toBeLessThan(30)
    expect(w.find('.spacer').attributes('style')).toContain(`height: ${10_000 * 58}px`)
  })

  it('follows the scroll position', async () => {
    const w = setup()
    await nextTick()
    const el = w.find('[data-testid=case-list]').element as HTMLElement
    el.scrollTop = 5000 * 58
    await w.find('[data-testid=case-list]').trigger('scroll')
    const ids = rendered(w)
    expect(ids).toContain('c5000')
    expect(ids).not.toContain('c0')
    expect(ids.length).toBeLessThan(30)
  })

  it('scrolls the selected case into view', async () => {
    const w = setup(ROWS, null)
    await nextTick()
    await w.setProps({ selectedId: 'c7000' })
    await nextTick()
    await nextTick()
    expect(rendered(w)).toContain('c7000')
    expect(w.find('[data-case-id=c7000]').classes()).toContain('selected')
  })

  it('flags every row: overdue, and the urgent countdown', async () => {
    const w = setup()
    await nextTick()
    expect(w.find('[data-case-id=c3] [data-flag=overdue]').exists()).toBe(true)
    expect(w.find('[data-case-id=c1] [data-flag=overdue]').exists()).toBe(false)
    expect(w.find('[data-case-id=c0] [data-flag=urgent-countdown]').text()).toContain('立案倒计时 15:00')
  })

  it('opens a case by click and moves with the arrow keys', async () => {
    const w = setup()
    await nextTick()
    await w.find('[data-case-id=c2]').trigger('click')
    await w.find('[data-case-id=c2]').trigger('keydown', { key: 'ArrowDown' })
    expect(w.emitted('open')!.map(e => (e[0] as CaseRecord).id)).toEqual(['c2', 'c3'])
  })

  it('says so when nothing matches', () => {
    expect(setup([]).text()).toContain('没有符合条件的事件')
  })
})
