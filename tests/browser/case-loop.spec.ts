import type { Browser, Page } from 'playwright-core'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerColumns } from '~/domain/ledger'
import { readCsv, readXlsx } from '../support/ledgerFiles'
import { act, actionsOffered, drawer, drawerStatus, timeline } from './caseDrawer'
import { appUrl, launchBrowser, openPage, pixelOf, screenshot, waitForMapIdle } from './harness'

type MlWindow = Window & { __pinganMap: import('maplibre-gl').Map }

// A valid 2×2 RGB PNG, so the drawer's thumbnail has real pixels to decode.
const PNG_2X2 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DA8B+MgBgAHfAD/dPQfSYAAAAASUVORK5CYII=', 'base64')

interface Village {
  code: string
  name: string
  lngLat: [number, number]
}

/** The villages drawn at township zoom, with their label points (certainly inside each village). */
async function villages(page: Page): Promise<Village[]> {
  return page.evaluate(() => {
    const m = (window as unknown as MlWindow).__pinganMap
    const seen = new Map<string, Village>()
    for (const f of m.querySourceFeatures('grid-labels')) {
      if (f.properties.level === 2 && f.geometry.type === 'Point')
        seen.set(f.properties.code as string, { code: f.properties.code as string, name: f.properties.name as string, lngLat: f.geometry.coordinates as [number, number] })
    }
    return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code))
  })
}

/** Where a point is on screen now. */
const pixel = pixelOf

/** A point on the map canvas west of the whole territory. */
async function pointOutside(page: Page): Promise<{ x: number, y: number, lngLat: [number, number] }> {
  return page.evaluate(() => {
    const m = (window as unknown as MlWindow).__pinganMap
    const r = m.getCanvas().getBoundingClientRect()
    // The canvas's left edge, half-way down: the territory is framed with padding, so this is outside it.
    const x = 30
    const y = r.height / 2
    const ll = m.unproject([x, y])
    return { x: r.left + x, y: r.top + y, lngLat: [ll.lng, ll.lat] as [number, number] }
  })
}

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function download(page: Page, testId: string): Promise<{ name: string, bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=${testId}]`).click()])
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) }
}

async function viewAs(page: Page, viewer: string): Promise<void> {
  await page.locator('[data-testid=view-as]').selectOption(viewer)
}

/** The case count on the grid panel's KPI card. */
async function kpiTotal(page: Page): Promise<number> {
  const text = await page.locator('[data-kpi=total] .value').textContent()
  return Number((text ?? '').replace(/\D/g, ''))
}

describe('the case loop in the browser, on the demo', () => {
  let browser: Browser
  let page: Page
  let errors: string[]
  let external: string[]
  let township = ''
  let village: Village[] = []
  const stamp = Date.now().toString(36)
  const title = `村口垃圾堆放 ${stamp}`
  let caseId = ''
  let caseCode = ''
  let totalBefore = 0

  beforeAll(async () => {
    browser = await launchBrowser()
    ;({ page, errors, external } = await openPage(browser))
    await page.goto(appUrl('/'))
    await page.waitForURL(/\/grid\/\d{15}/)
    await waitForMapIdle(page)
    township = new URL(page.url()).pathname.split('/')[2]!
    village = await villages(page)
    expect(village.length).toBeGreaterThanOrEqual(12)
    await viewAs(page, 'demo-township-commander')
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-kpi=total] .value')?.textContent ?? ''))
    totalBefore = await kpiTotal(page)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('refuses a point outside the territory, typed or clicked', async () => {
    await page.locator('[data-testid=new-case]').click()
    await page.waitForURL(`**/grid/${township}/cases/new**`)
    await page.locator('[data-testid=pick-hint]').waitFor()
    expect(await page.evaluate(() => (window as unknown as MlWindow).__pinganMap.getContainer().classList.contains('case-pick-mode'))).toBe(true)

    const outside = await pointOutside(page)
    await page.mouse.click(outside.x, outside.y)
    const refusal = page.locator('[data-problem=location]')
    await expect.poll(() => refusal.getAttribute('data-reason')).toBe('outside_territory')
    // One wording for "outside the territory" and "outside the grids you cover" (issue 7: a refusal
    // must not tell whether a point lies in a grid the reporter cannot see).
    expect(await refusal.textContent()).toContain('不在您负责的网格内')
    expect(await page.locator('[data-testid=intake-grid]').count()).toBe(0)
    // Clicking placed a point: the map did not drill anywhere.
    expect(new URL(page.url()).pathname).toBe(`/grid/${township}/cases/new`)

    await page.locator('[data-testid=intake-coord]').fill('121.900000, 31.500000')
    await page.locator('[data-testid=intake-coord-go]').click()
    await expect.poll(() => refusal.getAttribute('data-reason')).toBe('outside_territory')
    await page.locator('[data-testid=intake-coord]').fill('not a place')
    await page.locator('[data-testid=intake-coord-go]').click()
    await expect.poll(() => refusal.getAttribute('data-reason')).toBe('invalid')
  })

  it('finds a place typed by name, offline, and locates the case there', async () => {
    const v = village[2]!
    await page.locator('[data-testid=intake-coord]').fill(`${v.name}二组`)
    await page.locator('[data-testid=intake-coord-go]').click()
    const first = page.locator('[data-testid=place-suggestions] button').first()
    await expect.poll(() => first.textContent()).toContain('二组')
    expect(await first.textContent()).toContain(v.name)
    await first.click()
    await expect.poll(() => page.locator('[data-testid=intake-grid]').getAttribute('data-grid-code')).toMatch(new RegExp(`^${v.code.slice(0, 12)}002`))
    expect(await page.locator('[data-problem=location]').count()).toBe(0)
    expect(await page.locator('[data-testid=intake-address]').inputValue()).toContain('二组')
    await page.locator('[data-testid=intake-address]').fill('')
  })

  it('shows the domain\'s refusal next to each field', async () => {
    const at = await pixel(page, village[1]!.lngLat)
    await page.mouse.click(at.x, at.y)
    await page.locator('[data-testid=intake-grid]').waitFor()
    // The title's limit holds as it is typed: 81 characters become 80, and the counter says so.
    await page.locator('[data-testid=intake-title]').fill('x'.repeat(81))
    await expect.poll(() => page.locator('[data-testid=intake-title]').inputValue()).toBe('x'.repeat(80))
    expect(await page.locator('[data-testid=intake-title] ~ .count').textContent()).toContain('80 / 80')
    await page.locator('[data-testid=intake-submit]').click()
    // The category comes first in the domain's checks.
    await expect.poll(() => page.locator('[data-problem=categoryCode]').getAttribute('data-reason')).toBe('required')
    expect(await page.locator('[data-problem=title]').count()).toBe(0)
  })

  it('creates a case by clicking in a village on the map', async () => {
    const v = village[0]!
    const at = await pixel(page, v.lngLat)
    await page.mouse.click(at.x, at.y)
    // The deepest grid under the click, inside the village clicked.
    await expect.poll(() => page.locator('[data-testid=intake-grid]').getAttribute('data-grid-code')).toMatch(new RegExp(`^${v.code.slice(0, 12)}\\d{3}`))
    expect(await page.locator('[data-testid=intake-grid]').textContent()).toContain(v.name)
    await page.locator('[data-testid=category-major]').selectOption('03')
    await page.locator('[data-testid=category-sub]').selectOption('0301')
    expect(await page.locator('[data-testid=category-defaults]').textContent()).toContain('3 个工作日')
    await page.locator('[data-testid=intake-source]').selectOption('phone')
    await page.locator('[data-testid=intake-title]').fill(title)
    await page.locator('[data-testid=intake-description]').fill('桥头堆放大量生活垃圾，<script>alert(1)</script> 已有异味。')
    await page.locator('[data-testid=intake-address]').fill('村口桥头')
    await page.locator('[data-testid=intake-reporter-name]').fill('王先生')
    await page.locator('[data-testid=intake-reporter-phone]').fill('13800138000')
    // A photo of the wrong type and one too large are refused next to the field, naming each file;
    // the PNG is kept and previewed.
    const photos = page.locator('[data-testid=intake-photos]')
    await photos.setInputFiles([
      { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') },
      { name: 'huge.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) },
      { name: 'scene.png', mimeType: 'image/png', buffer: PNG_2X2 },
    ])
    const photoRefusals = page.locator('[data-problem=photoIds]')
    await expect.poll(() => photoRefusals.count()).toBe(2)
    expect(await photoRefusals.nth(0).getAttribute('data-reason')).toBe('invalid')
    expect(await photoRefusals.nth(0).textContent()).toContain('"scan.pdf"')
    expect(await photoRefusals.nth(1).getAttribute('data-reason')).toBe('too_long')
    expect(await photoRefusals.nth(1).textContent()).toContain('at most 5.0 MiB')
    expect(await page.locator('[data-testid=intake-photo-list] img').count()).toBe(1)
    await page.mouse.move(5, 300)
    await page.locator('[data-testid=intake-form]').evaluate((el) => {
      el.parentElement!.scrollTop = 0
    })
    await waitForMapIdle(page)
    await screenshot(page, 'case-intake-1440x900')

    await page.locator('[data-testid=intake-submit]').click()
    await page.waitForURL(`**/grid/${township}/cases?**`)
    caseId = new URL(page.url()).searchParams.get('case')!
    expect(caseId).toBeTruthy()
    await expect.poll(() => drawerStatus(page)).toBe('reported')
    caseCode = (await page.locator('[data-testid=drawer-code]').textContent())!.trim()
    expect(caseCode).toMatch(/^[A-Z]+-\d{4}-\d{6}$/)
    expect(await page.locator('[data-testid=drawer-title]').textContent()).toContain(title)
    // Text stays text: the markup typed into the description is shown, not run.
    expect(await page.locator('[data-testid=drawer-description]').textContent()).toContain('<script>alert(1)</script>')
    expect(await page.locator('[data-testid=drawer-description] script').count()).toBe(0)
    await expect.poll(() => page.locator('[data-testid=drawer-contact]').textContent()).toContain('13800138000')
    await expect.poll(() => timeline(page)).toEqual(['intake'])
    // The photo went up with the case and shows in the drawer, decoded.
    const thumb = page.locator('[data-testid=drawer-photos] img[data-testid=drawer-photo]')
    await expect.poll(() => thumb.count()).toBe(1)
    await expect.poll(() => thumb.evaluate(img => (img as HTMLImageElement).naturalWidth)).toBe(2)
    expect(await thumb.getAttribute('alt')).toContain(caseCode)
    expect(await thumb.locator('xpath=..').getAttribute('target')).toBe('_blank')
  })

  it('counts the new case in the township\'s KPIs at once', async () => {
    await page.locator('[data-nav=grid]').click()
    await expect.poll(() => kpiTotal(page)).toBe(totalBefore + 1)
    await page.goBack()
    await expect.poll(() => drawerStatus(page)).toBe('reported')
  })

  it('highlights the new case on the map', async () => {
    await waitForMapIdle(page)
    const state = await page.evaluate((id) => {
      const m = (window as unknown as MlWindow).__pinganMap
      const halo = m.queryRenderedFeatures({ layers: ['case-selected-halo'] }).map(f => f.properties.id)
      return { layers: m.getLayoutProperty('case-points', 'visibility'), selected: m.getFeatureState({ source: 'cases-clustered', id }), halo, zoom: m.getZoom() }
    }, caseId)
    expect(state.layers).toBe('visible')
    expect(state.selected).toEqual({ selected: true })
    expect(state.halo).toEqual([caseId])
    expect(state.zoom).toBeGreaterThanOrEqual(15)
    expect(new URL(page.url()).searchParams.get('layers')).toContain('cases')
  })

  it('registers and dispatches it to a unit', async () => {
    await act(page, 'register', 'registered')
    await expect.poll(() => timeline(page)).toEqual(['intake', 'register'])
    await act(page, 'dispatch', 'dispatched', async (form) => {
      // The category's default unit is preselected; the demo unit handler acts for 综治办, and for
      // both co-handlers (派出所 and 司法所), so 协办反馈 must ask them which one reports.
      expect(await form.locator('[data-field=leadUnitId]').inputValue()).toBe('village')
      await form.locator('[data-field=leadUnitId]').selectOption('governance')
      await form.locator('[data-field=coUnitIds] input[value=police]').check()
      await form.locator('[data-field=coUnitIds] input[value=justice]').check()
    })
    expect(await page.locator('[data-testid=drawer-lead-unit]').textContent()).toContain('综治办')
    await expect.poll(() => timeline(page)).toEqual(['intake', 'register', 'dispatch'])
    const dispatch = page.locator('[data-testid=timeline] > li[data-action=dispatch]')
    expect(await dispatch.textContent()).toContain('派出所')
    expect(await dispatch.textContent()).toContain('司法所')
    await screenshot(page, 'case-drawer-1440x900')
  })

  it('the unit handler accepts it and reports back', async () => {
    await viewAs(page, 'demo-unit-handler')
    await expect.poll(() => actionsOffered(page)).toContain('accept')
    // The commander's moves are not the unit's.
    expect(await actionsOffered(page)).not.toContain('verify_close')
    await act(page, 'accept', 'in_progress')
    await act(page, 'report_back', 'reported_back', async (form) => {
      await form.locator('[data-testid=action-submit]').click()
      // Nothing filled in: the domain names the first missing input.
      await expect.poll(() => form.locator('[data-problem=resultText]').getAttribute('data-reason')).toBe('required')
      await form.locator('[data-field=outcome]').selectOption('resolved')
      await form.locator('[data-field=resultText]').fill('已联系环卫清运，现场清理完毕。')
    })
    await expect.poll(() => timeline(page)).toEqual(['intake', 'register', 'dispatch', 'accept', 'report_back'])
    // The timeline names the officer by the unit they acted for, not by their login's grid role.
    const who = await page.locator('[data-testid=timeline] > li[data-action=accept] .who').textContent()
    expect(who).toContain('综治办承办人')
    expect(who).not.toContain('网格员')
  })

  it('the commander cannot close before the co-handlers report; one officer reports for each of two units, then it closes', async () => {
    await viewAs(page, 'demo-township-commander')
    await expect.poll(() => actionsOffered(page)).toContain('return_for_rework')
    // The co-handlers (派出所, 司法所) have not reported: closing is not on offer yet.
    expect(await actionsOffered(page)).not.toContain('verify_close')

    await viewAs(page, 'demo-unit-handler')
    await expect.poll(() => actionsOffered(page)).toContain('co_report')
    await act(page, 'co_report', 'reported_back', async (form) => {
      const unit = form.locator('[data-field=unitId]')
      expect(await unit.locator('option').allTextContents()).toEqual(['选择单位', '派出所', '司法所'])
      await form.locator('[data-field=resultText]').fill('司法所已参与协调。')
      // Sent without a unit: refused beside the choice, nothing written.
      await form.locator('[data-testid=action-submit]').click()
      await expect.poll(() => form.locator('[data-problem=unitId]').getAttribute('data-reason')).toBe('required')
      await unit.selectOption('justice')
    })
    // The other unit is still to report; the same officer reports for it (no choice left to make).
    await act(page, 'co_report', 'reported_back', async (form) => {
      expect(await form.locator('[data-field=unitId]').count()).toBe(0)
      await form.locator('[data-field=resultText]').fill('派出所已到场维持秩序。')
    })
    const coReports = page.locator('[data-testid=timeline] > li[data-action=co_report]')
    expect(await coReports.allTextContents()).toEqual([expect.stringContaining('司法所'), expect.stringContaining('派出所')])
    expect(await actionsOffered(page)).not.toContain('co_report')

    await viewAs(page, 'demo-township-commander')
    await expect.poll(() => actionsOffered(page)).toContain('verify_close')
    await act(page, 'verify_close', 'closed', async (form) => {
      expect(await form.locator('[data-field="callBack.method"]').inputValue()).toBe('phone')
      await form.locator('[data-field="callBack.satisfaction"]').selectOption('satisfied')
    })
    await expect.poll(() => timeline(page)).toEqual(['intake', 'register', 'dispatch', 'accept', 'report_back', 'co_report', 'co_report', 'verify_close'])
    const close = page.locator('[data-testid=timeline] > li[data-action=verify_close]')
    expect(await close.textContent()).toContain('电话回访')
    expect(await close.textContent()).toContain('满意')
  })

  it('opens a case by clicking its point on the map, without drilling into the grid under it', async () => {
    await page.locator('[data-testid=drawer-close]').click()
    await expect.poll(() => drawer(page).count()).toBe(0)
    await waitForMapIdle(page)
    const at = await page.evaluate((id) => {
      const m = (window as unknown as MlWindow).__pinganMap
      const f = m.queryRenderedFeatures({ layers: ['case-points'] }).find(x => x.properties.id === id)
      if (!f || f.geometry.type !== 'Point')
        return null
      const p = m.project(f.geometry.coordinates as [number, number])
      const r = m.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    }, caseId)
    expect(at).not.toBeNull()
    const path = new URL(page.url()).pathname
    await page.mouse.click(at!.x, at!.y)
    await expect.poll(() => drawer(page).getAttribute('data-case-id')).toBe(caseId)
    expect(new URL(page.url()).pathname).toBe(path)
  })

  it('lists the case in the ledger, found by search, with the map still beside it', async () => {
    await page.locator('[data-testid=drawer-close]').click()
    await expect.poll(() => drawer(page).count()).toBe(0)
    await page.locator('[data-testid=filter-search]').fill(stamp)
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(stamp)
    await expect.poll(() => page.locator('[data-testid=case-list] [data-case-id]').count()).toBe(1)
    expect(await page.locator(`[data-testid=case-list] [data-case-id="${caseId}"]`).textContent()).toContain(caseCode)

    await page.locator('[data-testid=filter-search]').fill('')
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBeNull()
    const total = Number(await page.locator('[data-testid=case-list]').getAttribute('data-count'))
    expect(total).toBeGreaterThan(100)
    // Only the rows in view are in the DOM, wherever the list is scrolled.
    for (const to of [0, 0.5, 1]) {
      await page.locator('[data-testid=case-list]').evaluate((el, f) => {
        el.scrollTop = f * el.scrollHeight
      }, to)
      await page.waitForTimeout(100)
      expect(await page.locator('[data-testid=case-list] [data-case-id]').count()).toBeLessThan(40)
    }
    await page.locator('[data-testid=case-list]').evaluate((el) => {
      el.scrollTop = 0
    })
    await page.locator('[data-testid=filter-overdue]').check()
    await expect.poll(() => new URL(page.url()).searchParams.get('overdue')).toBe('1')
    await expect.poll(async () => Number(await page.locator('[data-testid=case-list]').getAttribute('data-count'))).toBeLessThan(total)
    expect(await page.locator('[data-testid=case-list] [data-case-id]').first().locator('[data-flag=overdue]').count()).toBe(1)
    await page.locator('[data-testid=filter-overdue]').uncheck()
    await waitForMapIdle(page)
    await screenshot(page, 'case-ledger-1440x900')
  })

  it('escalates another case to the township and sends it back down', async () => {
    await page.locator('[data-testid=new-case]').click()
    await page.waitForURL('**/cases/new**')
    // Typed rather than clicked: the map is zoomed in on the first case by now.
    const v = village[2]!
    await page.locator('[data-testid=intake-coord]').fill(`${v.lngLat[0].toFixed(6)}, ${v.lngLat[1].toFixed(6)}`)
    await page.locator('[data-testid=intake-coord-go]').click()
    await expect.poll(() => page.locator('[data-testid=intake-grid]').textContent()).toContain(v.name)
    await page.locator('[data-testid=category-major]').selectOption('01')
    await page.locator('[data-testid=category-sub]').selectOption('0103')
    await page.locator('[data-testid=intake-title]').fill(`山林权属纠纷 ${stamp}`)
    await page.locator('[data-testid=intake-description]').fill('两户村民因山林边界发生争执。')
    await page.locator('[data-testid=intake-submit]').click()
    await page.waitForURL('**/cases?**')
    await expect.poll(() => drawerStatus(page)).toBe('reported')

    await act(page, 'register', 'registered')
    expect(await page.locator('[data-testid=drawer-level]').textContent()).toContain('村')
    await act(page, 'escalate', 'escalated', async (form) => {
      await form.locator('[data-testid=action-submit]').click()
      await expect.poll(() => form.locator('[data-problem=reason]').getAttribute('data-reason')).toBe('required')
      await form.locator('[data-field=reason]').fill('涉及两个村的山林边界，村级无法调处。')
    })
    expect(await page.locator('[data-testid=drawer-level]').textContent()).toContain('乡镇')
    await act(page, 'send_back_down', 'registered', async (form) => {
      await form.locator('[data-field=reason]').fill('边界在同一村内，由村调委会调处。')
    })
    expect(await page.locator('[data-testid=drawer-level]').textContent()).toContain('村')
    await expect.poll(() => timeline(page)).toEqual(['intake', 'register', 'escalate', 'send_back_down'])
    const escalation = page.locator('[data-testid=timeline] > li[data-action=escalate]')
    expect(await escalation.textContent()).toContain('村（社区）综治中心 → 乡镇综治中心')
    expect(await escalation.textContent()).toContain('村级无法调处')
  })

  it('lists a case for supervision and sends a reminder, both logged', async () => {
    const id = new URL(page.url()).searchParams.get('case')!
    await act(page, 'supervise', 'registered', async (form) => {
      await form.locator('[data-field=reason]').fill('群众反映强烈，挂牌督办。')
    })
    expect(await actionsOffered(page)).toContain('end_supervision')
    await page.locator('[data-testid=case-nav] [data-nav=supervision]').click()
    await page.waitForURL(`**/grid/${township}/supervision**`)
    const row = page.locator(`[data-testid=supervision-list] li[data-case-id="${id}"]`)
    await row.waitFor()
    expect(await row.locator('[data-flag=supervised]').count()).toBe(1)
    await row.locator('[data-action=remind]').click()
    await row.locator('[data-testid=action-form] [data-field=message]').fill('请于明日前反馈进展。')
    await row.locator('[data-testid=action-submit]').click()
    await row.locator('[data-testid=supervision-done]').waitFor()
    await page.locator('[data-testid=supervision-page] .scroll').evaluate((el) => {
      el.scrollTop = 0
    })
    await screenshot(page, 'case-supervision-1440x900')
    await row.locator('button.open').click()
    await expect.poll(() => timeline(page)).toEqual(['intake', 'register', 'escalate', 'send_back_down', 'supervise', 'remind'])
    expect(await page.locator('[data-testid=timeline] > li[data-action=remind]').textContent()).toContain('请于明日前反馈进展。')
  })

  it('counts down the 15 minutes of an urgent case until it is registered', async () => {
    await page.locator('[data-testid=new-case]').click()
    await page.waitForURL('**/cases/new**')
    const v = village[3]!
    await page.locator('[data-testid=intake-coord]').fill(`${v.lngLat[0].toFixed(6)}, ${v.lngLat[1].toFixed(6)}`)
    await page.locator('[data-testid=intake-coord-go]').click()
    await page.locator('[data-testid=intake-grid]').waitFor()
    await page.locator('[data-testid=category-major]').selectOption('08')
    await page.locator('[data-testid=category-sub]').selectOption('0802')
    // Emergencies are urgent by default.
    expect(await page.locator('[data-testid=intake-urgent]').isChecked()).toBe(true)
    await page.locator('[data-testid=intake-title]').fill(`仓库起火 ${stamp}`)
    await page.locator('[data-testid=intake-description]').fill('村东仓库冒烟起火。')
    await page.locator('[data-testid=intake-submit]').click()
    await page.waitForURL('**/cases?**')
    const countdown = drawer(page).locator('[data-flag=urgent-countdown]')
    await expect.poll(() => countdown.textContent()).toMatch(/立案倒计时 1[45]:\d\d/)
    const first = (await countdown.textContent())!
    await expect.poll(() => countdown.textContent(), { timeout: 5000 }).not.toBe(first)
    // Urgent reports go straight to the township centre.
    expect(await page.locator('[data-testid=drawer-level]').textContent()).toContain('乡镇')
    await act(page, 'register', 'registered')
    expect(await drawer(page).locator('[data-flag=urgent-countdown]').count()).toBe(0)
    expect(await drawer(page).locator('[data-flag=urgent]').count()).toBe(1)
  })

  it('exports the filtered ledger to .xlsx and .csv with Chinese headers, contacts only on request', async () => {
    await page.locator('[data-testid=drawer-close]').click()
    await page.locator('[data-testid=case-nav] [data-nav=cases]').click()
    await page.waitForURL(`**/grid/${township}/cases**`)
    await page.locator('[data-testid=filter-search]').fill(stamp)
    await expect.poll(() => page.locator('[data-testid=case-list] [data-case-id]').count()).toBe(3)

    const xlsx = await download(page, 'export-xlsx')
    expect(xlsx.name).toMatch(/^事件台账_\d{8}_\d{4}\.xlsx$/)
    const sheet = readXlsx(xlsx.bytes)
    const headers = ledgerColumns(false).map(c => c.header)
    expect(sheet[0]).toEqual(headers)
    expect(headers).toEqual(expect.arrayContaining(['案件编号', '事件标题', '大类', '小类', '所属网格', '上报时间', '办理时限', '状态', '主办单位', '处置结果']))
    expect(headers).not.toContain('联系电话')
    expect(sheet).toHaveLength(4)
    const row = sheet.find(r => r[0] === caseCode)!
    expect(row[headers.indexOf('事件标题')]).toBe(title)
    expect(row[headers.indexOf('小类')]).toBe('垃圾乱堆乱放')
    expect(row[headers.indexOf('状态')]).toBe('已结案')
    expect(row[headers.indexOf('主办单位')]).toBe('综治办')
    expect(row[headers.indexOf('所属网格')]).toContain(village[0]!.name)
    expect(sheet.flat().join('|')).not.toContain('13800138000')

    await page.locator('[data-testid=export-contacts]').check()
    const csv = await download(page, 'export-csv')
    expect(csv.name).toMatch(/^事件台账_\d{8}_\d{4}\.csv$/)
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xEF, 0xBB, 0xBF]))
    const table = readCsv(csv.bytes.toString('utf8'))
    expect(table[0]).toEqual(ledgerColumns(true).map(c => c.header))
    expect(table[0]!.slice(-2)).toEqual(['反映人', '联系电话'])
    expect(table).toHaveLength(4)
    const withContact = table.find(r => r[0] === caseCode)!
    expect(withContact.slice(-2)).toEqual(['王先生', '13800138000'])
    expect(withContact[1]).toBe(title)
    // The other cases were reported without a contact.
    for (const r of table.slice(1).filter(r => r[0] !== caseCode))
      expect(r.slice(-2)).toEqual(['', ''])
  })

  it('shows the ledger in English too', async () => {
    await page.locator('[data-testid=locale]').selectOption('en')
    await expect.poll(() => page.locator('[data-testid=cases-page] h1').textContent()).toContain('Case ledger')
    expect(await page.locator('[data-testid=case-nav] [data-testid=new-case]').textContent()).toContain('New case')
    expect(await page.locator('[data-testid=export-xlsx]').textContent()).toContain('Export Excel')
    await screenshot(page, 'case-ledger-en-1440x900')
    await page.locator('[data-testid=locale]').selectOption('zh-CN')
  })

  it('made no request outside the app and logged no error', () => {
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})
