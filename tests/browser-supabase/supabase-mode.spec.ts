// The app's Supabase mode end to end in Chromium: Supabase Auth sign-in, the township on the map
// from the Supabase data layer, drilling, a kept session, sign-out, and what a village chief sees.
// The browser's supabase-js reaches the seeded database through the PostgREST/Auth shim, so every
// figure on screen passed row-level security for the signed-in user.
import type { Browser, Page } from 'playwright-core'
import type { TestDatabase } from '../../supabase/tests/harness/db'
import type { PostgrestShim } from '../../supabase/tests/harness/postgrest-shim'
import type { Exchange, RenderedGrid, SupabasePage } from './harness'
import type { GridKpiReport } from '~/data/DataSource'
import type { GridKpis } from '~/domain/kpi'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoDataSource } from '~/data/demo/DemoDataSource'
import { DEMO_UNIT_HANDLER, withDemoUnitHandlers } from '~/data/demo/demoUsers'
import { DEMO_USERS, generateDemoTownship } from '~/demo'
import { buildChoropleth, legendRows } from '~/domain/choropleth'
import { formatMeasure } from '~/domain/measures'
import { DEMO_ANCHOR } from '../../supabase/seed/demo'
import { demoUserEmail, toUuid } from '../../supabase/seed/ids'
import { DEMO_PASSWORD } from '../../supabase/seed/seedSql'
import { act, actionsOffered, drawerStatus, timeline } from '../browser/caseDrawer'
import { appUrl, launchBrowser, screenshot, waitForMapIdle } from '../browser/harness'
import { breadcrumb, childCodes, keptSession, kpiTexts, labelPixel, openSupabasePage, rendered, seededProject, signIn } from './harness'

const COMMANDER = { id: toUuid(DEMO_USERS.townshipCommander), email: demoUserEmail(DEMO_USERS.townshipCommander) }
const CHIEF = { id: toUuid(DEMO_USERS.villageChief), email: demoUserEmail(DEMO_USERS.villageChief) }
const WORKER = { id: toUuid(DEMO_USERS.gridWorker), email: demoUserEmail(DEMO_USERS.gridWorker) }
const UNIT_HANDLER = { id: toUuid(DEMO_UNIT_HANDLER), email: demoUserEmail(DEMO_UNIT_HANDLER) }

let db: TestDatabase
let shim: PostgrestShim
let browser: Browser

/** The grid a demo login holds its membership on, read behind RLS's back. */
async function membershipGrid(userId: string): Promise<{ id: string, code: string, name: string }> {
  const { rows } = await db.admin.query<{ id: string, code: string, name: string }>(
    'select g.id::text, g.code, g.name from public.memberships m join public.grids g on g.id = m.grid_id where m.user_id = $1',
    [userId],
  )
  expect(rows).toHaveLength(1)
  return rows[0]!
}

/**
 * The last successful grid_kpis answer the browser received for a grid's current period: the
 * panel also asks for the period before and the one a year earlier (同比/环比), which end sooner,
 * so the answer for the period shown is the latest-ending one.
 */
function lastKpiExchange(exchanges: Exchange[], gridId: string): Exchange & { args: { p_grid_id: string, p_from: number, p_to: number, p_now: number }, response: GridKpiReport } {
  const answers = exchanges.filter(e => e.fn === 'grid_kpis' && e.status === 200 && (e.args as { p_grid_id?: string }).p_grid_id === gridId)
  const latestEnd = Math.max(...answers.map(e => (e.args as { p_to: number }).p_to))
  const found = answers.filter(e => (e.args as { p_to: number }).p_to === latestEnd).at(-1)
  if (!found)
    throw new Error(`the browser made no successful grid_kpis request for ${gridId}`)
  return found as ReturnType<typeof lastKpiExchange>
}

/**
 * What the cards must show for a report: its counts as the cards print them, and a figure (not
 * the loading ellipsis) on every other card. The rates' card set is the KPI cards' own business;
 * the whole report is compared with the demo data layer's below, and both modes share the cards.
 */
function expectCardsShow(shown: Record<string, string>, k: GridKpis): void {
  expect(shown).toMatchObject({
    total: formatMeasure(k.total, 'count', 'zh-CN'),
    open: formatMeasure(k.open, 'count', 'zh-CN'),
    overdue: formatMeasure(k.overdue, 'count', 'zh-CN'),
    closed: formatMeasure(k.closed, 'count', 'zh-CN'),
  })
  for (const [key, text] of Object.entries(shown))
    expect(text, key).toMatch(/^(\d[\d,]*(\.\d)?%?|—)$/)
}

/** A report with its average handling times taken out (and listed apart, grid first), to compare them with a tolerance. */
function handlingTimesApart(report: GridKpiReport): { report: unknown, handling: Array<number | null> } {
  const handling: Array<number | null> = []
  const strip = (row: GridKpiReport['grid']) => {
    const { avgHandlingMs, ...kpis } = row.kpis as GridKpis & { avgHandlingMs?: number | null }
    handling.push(avgHandlingMs ?? null)
    return { ...row, kpis }
  }
  return { report: { grid: strip(report.grid), children: report.children.map(strip) }, handling }
}

/** Waits until the cards show figures (not the loading ellipsis) and returns them. */
async function settledKpis(page: Page): Promise<Record<string, string>> {
  await expect.poll(async () => (await kpiTexts(page)).total).toMatch(/^\d[\d,]*$/)
  await expect.poll(async () => Object.values(await kpiTexts(page)).includes('…')).toBe(false)
  return kpiTexts(page)
}

beforeAll(async () => {
  ;({ db, shim } = await seededProject())
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await db?.drop()
})

describe('the app on Supabase: sign-in, the township under RLS, session kept, sign-out', () => {
  let s: SupabasePage
  let township: { id: string, code: string, name: string }
  let village: RenderedGrid

  beforeAll(async () => {
    s = await openSupabasePage(browser, shim)
    township = await membershipGrid(COMMANDER.id)
  })

  it('shows the sign-in screen when there is no session, and asks the server nothing', async () => {
    await s.page.goto(appUrl('/'))
    await s.page.getByTestId('sign-in').waitFor()
    expect(await s.page.locator('input[type=email]').count()).toBe(1)
    expect(await s.page.locator('input[type=password]').count()).toBe(1)
    // Neither the map nor the shell is mounted behind the form.
    expect(await s.page.locator('canvas, [data-testid=grid-panel], [data-testid=sign-out]').count()).toBe(0)
    expect(s.exchanges).toEqual([])
    await screenshot(s.page, 'supabase-sign-in')
  })

  it('refuses a wrong password with a clear error and keeps no session', async () => {
    await signIn(s.page, COMMANDER.email, 'not-the-password')
    const alert = s.page.getByRole('alert')
    await alert.waitFor()
    expect((await alert.textContent())!.trim()).toBe('邮箱或密码错误。')
    expect(s.exchanges.map(e => [e.method, `${e.path}${e.search}`, e.status])).toEqual([['POST', '/auth/v1/token?grant_type=password', 400]])
    expect(await keptSession(s.page)).toBeNull()
    expect(await s.page.getByTestId('sign-in').isVisible()).toBe(true)
    await screenshot(s.page, 'supabase-sign-in-wrong-password')
  })

  it('signs the township commander in and shows the township with its villages drawn and labelled', async () => {
    await signIn(s.page, COMMANDER.email, DEMO_PASSWORD)
    await s.page.waitForURL(`**/grid/${township.code}**`)
    await waitForMapIdle(s.page)
    expect(await keptSession(s.page)).toMatchObject({ user: { id: COMMANDER.id, email: COMMANDER.email } })

    const codes = await childCodes(s.page)
    const fills = await rendered(s.page, 'grid-fill')
    const labels = await rendered(s.page, 'grid-label')
    expect(codes.length).toBeGreaterThanOrEqual(12)
    expect(fills.map(f => f.code).sort()).toEqual([...codes].sort())
    expect(labels.map(f => f.code).sort()).toEqual([...codes].sort())
    expect(fills.every(f => f.parentId === township.id)).toBe(true)
    for (const l of labels)
      expect(l.name).toMatch(/[\u4E00-\u9FFF]+(村|社区)$/)
    expect(await breadcrumb(s.page)).toEqual([township.name])
    expect(await s.page.getByTestId('grid-name').textContent()).toContain(township.name)
    village = fills.find(f => f.code === codes[Math.floor(codes.length / 2)])!
  })

  it('shows the KPIs grid_kpis answers for the commander, the same as the demo data layer on the same data', async () => {
    const shown = await settledKpis(s.page)
    const kpis = lastKpiExchange(s.exchanges, township.id)
    expect(kpis.claims).toMatchObject({ role: 'authenticated', sub: COMMANDER.id })
    expect(kpis.response.grid.gridId).toBe(township.id)
    expect(kpis.response.grid.kpis.total).toBeGreaterThan(0)
    expectCardsShow(shown, kpis.response.grid.kpis)
    // The demo mode's data layer over the township the seed was generated from, asked as the same
    // user for the same period at the same instant, reports the same figures for the grid and every village.
    const { p_from: from, p_to: to, p_now: now } = kpis.args
    const demo = new DemoDataSource(Promise.resolve(withDemoUnitHandlers(generateDemoTownship({ anchor: DEMO_ANCHOR }))), DEMO_USERS.townshipCommander, () => now)
    const expected = await demo.gridKpis(township.id, { from, to })
    const got = handlingTimesApart(kpis.response)
    const want = handlingTimesApart(expected)
    expect(got.report).toEqual(want.report)
    // The generator's timestamps carry fractions of a millisecond that the seeded ones do not, so
    // average handling times may differ by a fraction of a millisecond (the card shows days).
    expect(got.handling.map(ms => ms === null)).toEqual(want.handling.map(ms => ms === null))
    got.handling.forEach((ms, i) => ms !== null && expect(ms).toBeCloseTo(want.handling[i]!, -1))
    await screenshot(s.page, 'supabase-township')
  })

  it('colours the villages from grid_kpis as the demo would: cases per 1,000 households, then 按期结案率, with the same classes in the legend', async () => {
    const report = lastKpiExchange(s.exchanges, township.id).response
    const grids = generateDemoTownship({ anchor: DEMO_ANCHOR }).grids
    const rows = report.children.map(r => ({ grid: grids.find(g => g.id === r.gridId)!, kpis: r.kpis }))
    const legend = s.page.getByTestId('legend')
    for (const measure of ['cases', 'onTimeClosingRate'] as const) {
      if (measure !== 'cases')
        await s.page.getByTestId('measure').selectOption(measure)
      const expected = buildChoropleth(measure, rows, 'households')
      await expect.poll(() => legend.getAttribute('data-basis')).toBe(expected.basis)
      await expect.poll(() => s.page.getByTestId('legend-class').allTextContents()).toEqual(legendRows(expected, 'zh-CN').map(r => r.label))
    }
    expect(await legend.locator('.title').textContent()).toContain('按期结案率')
    await s.page.getByTestId('measure').selectOption('cases')
    await expect.poll(() => legend.locator('.title').textContent()).toContain('每千户')
  })

  it('sent every data request as the signed-in commander, through RPCs only', () => {
    const data = s.exchanges.filter(e => e.path.startsWith('/rest/'))
    expect(data.length).toBeGreaterThan(0)
    expect(data.every(e => e.fn !== null && e.status === 200)).toBe(true)
    expect(data.every(e => e.claims?.sub === COMMANDER.id && e.claims.role === 'authenticated')).toBe(true)
    expect(data.map(e => e.fn)).toEqual(expect.arrayContaining(['grids_geojson', 'grid_kpis']))
  })

  it('drills into a village by clicking it on the map', async () => {
    const { x, y } = await labelPixel(s.page, village.code)
    await s.page.mouse.move(x, y)
    await expect.poll(() => s.page.locator('[data-testid=grid-tooltip]').textContent()).toContain(village.name)
    await s.page.mouse.click(x, y)
    await s.page.waitForURL(`**/grid/${village.code}**`)
    await waitForMapIdle(s.page)
    expect(await breadcrumb(s.page)).toEqual([township.name, village.name])
    const fills = await rendered(s.page, 'grid-fill')
    expect(fills.length).toBeGreaterThanOrEqual(2)
    expect(fills.every(f => f.parentId === village.id)).toBe(true)
    expect(fills.map(f => f.code).sort()).toEqual((await childCodes(s.page)).sort())
    expectCardsShow(await settledKpis(s.page), lastKpiExchange(s.exchanges, village.id).response.grid.kpis)
  })

  it('keeps the session over a reload: no sign-in screen, same grid, no new password sign-in', async () => {
    const signIns = s.exchanges.filter(e => e.path === '/auth/v1/token').length
    await s.page.reload()
    await waitForMapIdle(s.page)
    expect(new URL(s.page.url()).pathname).toBe(`/grid/${village.code}`)
    expect(await s.page.getByTestId('sign-in').count()).toBe(0)
    expect(await breadcrumb(s.page)).toEqual([township.name, village.name])
    expect(s.exchanges.filter(e => e.path === '/auth/v1/token')).toHaveLength(signIns)
    expect(await s.page.getByTestId('sign-out').getAttribute('title')).toBe(COMMANDER.email)
  })

  it('refreshes an expired access token on reload with the kept refresh token', async () => {
    await s.page.evaluate(() => {
      const key = Object.keys(localStorage).find(k => /^sb-.+-auth-token$/.test(k))!
      const session = JSON.parse(localStorage.getItem(key)!) as { expires_at: number }
      session.expires_at = Math.floor(Date.now() / 1000) - 60
      localStorage.setItem(key, JSON.stringify(session))
    })
    const before = s.exchanges.length
    await s.page.reload()
    await waitForMapIdle(s.page)
    expect(await s.page.getByTestId('sign-in').count()).toBe(0)
    const after = s.exchanges.slice(before)
    expect(after[0]).toMatchObject({ path: '/auth/v1/token', search: '?grant_type=refresh_token', status: 200 })
    expect((await keptSession(s.page))!.user.id).toBe(COMMANDER.id)
    expect(after.filter(e => e.fn !== null).every(e => e.status === 200 && e.claims?.sub === COMMANDER.id)).toBe(true)
  })

  it('signs out back to the sign-in screen, ending the session on the server and in the browser', async () => {
    await s.page.getByTestId('sign-out').click()
    await s.page.getByTestId('sign-in').waitFor()
    // The next user starts at their own top grid, not at the place the commander left.
    await expect.poll(() => new URL(s.page.url()).pathname).toBe('/')
    expect(await s.page.locator('canvas, [data-testid=grid-panel]').count()).toBe(0)
    expect(await keptSession(s.page)).toBeNull()
    const logout = s.exchanges.filter(e => e.path === '/auth/v1/logout')
    expect(logout.map(e => [e.status, e.claims?.sub])).toEqual([[204, COMMANDER.id]])
    // And a reload does not bring the session back.
    await s.page.reload()
    await s.page.getByTestId('sign-in').waitFor()
    expect(await s.page.getByTestId('sign-out').count()).toBe(0)
  })

  it('signs another user in on the same tab: the grid worker sees their own group, asked as themselves', async () => {
    const group = await membershipGrid(WORKER.id)
    const before = s.exchanges.length
    await signIn(s.page, WORKER.email, DEMO_PASSWORD)
    await s.page.waitForURL(`**/grid/${group.code}**`)
    await waitForMapIdle(s.page)
    expect(await breadcrumb(s.page)).toEqual([group.name])
    expect(await s.page.getByTestId('sign-out').getAttribute('title')).toBe(WORKER.email)
    const data = s.exchanges.slice(before).filter(e => e.fn !== null)
    expect(data.length).toBeGreaterThan(0)
    expect(data.every(e => e.status === 200 && e.claims?.sub === WORKER.id)).toBe(true)
    expectCardsShow(await settledKpis(s.page), lastKpiExchange(s.exchanges, group.id).response.grid.kpis)
  })

  it('made no request outside the app and its Supabase project, and logged no error but the refused password', () => {
    expect(s.external).toEqual([])
    expect(s.errors).toEqual([expect.stringMatching(/status of 400.*@ http:\/\/supabase\.test\/auth\/v1\/token\?grant_type=password$/)])
  })
})

describe('the app on Supabase as a village chief', () => {
  let s: SupabasePage
  let village: { id: string, code: string, name: string }
  let township: { id: string, code: string, name: string }

  beforeAll(async () => {
    s = await openSupabasePage(browser, shim)
    village = await membershipGrid(CHIEF.id)
    township = await membershipGrid(COMMANDER.id)
  })

  it('opens on the chief\'s own village, with only its groups on the map', async () => {
    await s.page.goto(appUrl('/'))
    await signIn(s.page, CHIEF.email, DEMO_PASSWORD)
    await s.page.waitForURL(`**/grid/${village.code}**`)
    await waitForMapIdle(s.page)
    expect(await breadcrumb(s.page)).toEqual([village.name])
    const fills = await rendered(s.page, 'grid-fill')
    expect(fills.length).toBeGreaterThanOrEqual(2)
    expect(fills.every(f => f.parentId === village.id)).toBe(true)
    // The grids the database let through are the village's subtree and nothing else.
    const grids = s.exchanges.filter(e => e.fn === 'grids_geojson' && e.status === 200).at(-1)!.response as { features: Array<{ properties: { code: string } }> }
    expect(grids.features.length).toBeGreaterThan(1)
    expect(grids.features.every(f => f.properties.code.startsWith(village.code.slice(0, 12)))).toBe(true)
    expectCardsShow(await settledKpis(s.page), lastKpiExchange(s.exchanges, village.id).response.grid.kpis)
    await screenshot(s.page, 'supabase-village-chief')
  })

  it('says the township is not found at the township\'s URL', async () => {
    await s.page.goto(appUrl(`/grid/${township.code}`))
    await expect.poll(() => s.page.getByTestId('grid-not-found').textContent()).toContain(township.code)
    expect(await s.page.getByTestId('grid-panel').count()).toBe(0)
    expect(await s.page.getByTestId('sign-in').count()).toBe(0)
  })

  it('made no request outside the app and its Supabase project, and logged no error', () => {
    expect(s.external).toEqual([])
    expect(s.errors).toEqual([])
    expect(s.exchanges.filter(e => e.path.startsWith('/rest/')).every(e => e.claims?.sub === CHIEF.id)).toBe(true)
  })
})

describe('the case loop on Supabase: intake, register, dispatch, handle, verify and close', () => {
  let s: SupabasePage
  let township: { id: string, code: string, name: string }
  let village: { code: string, name: string, lng: number, lat: number }
  let caseUrl = ''
  const title = `村口垃圾堆放 ${Date.now().toString(36)}`

  beforeAll(async () => {
    s = await openSupabasePage(browser, shim)
    township = await membershipGrid(COMMANDER.id)
    const { rows } = await db.admin.query<{ code: string, name: string, lng: number, lat: number }>(
      'select code, name, extensions.st_x(label_point) as lng, extensions.st_y(label_point) as lat from public.grids where level = 2 order by code limit 1',
    )
    village = rows[0]!
  })

  async function signInAs(email: string): Promise<void> {
    if (await s.page.getByTestId('sign-out').count() > 0)
      await s.page.getByTestId('sign-out').click()
    await s.page.getByTestId('sign-in').waitFor()
    await signIn(s.page, email, DEMO_PASSWORD)
    await s.page.getByTestId('sign-in').waitFor({ state: 'detached' })
  }

  it('the commander reports a case at a typed coordinate; create_case places it in the deepest grid', async () => {
    await s.page.goto(appUrl('/'))
    await signInAs(COMMANDER.email)
    await s.page.goto(appUrl(`/grid/${township.code}/cases/new`))
    await s.page.getByTestId('intake-coord').fill(`${village.lng}, ${village.lat}`)
    await s.page.getByTestId('intake-coord-go').click()
    await expect.poll(() => s.page.getByTestId('intake-grid').getAttribute('data-grid-code')).toMatch(new RegExp(`^${village.code.slice(0, 12)}`))
    await s.page.getByTestId('category-major').selectOption('03')
    await s.page.getByTestId('category-sub').selectOption('0301')
    await s.page.getByTestId('intake-title').fill(title)
    await s.page.getByTestId('intake-description').fill('桥头堆放生活垃圾。')
    await s.page.getByTestId('intake-submit').click()
    await s.page.waitForURL('**/cases?**')
    caseUrl = new URL(s.page.url()).pathname + new URL(s.page.url()).search
    await expect.poll(() => drawerStatus(s.page)).toBe('reported')
    const created = s.exchanges.filter(e => e.fn === 'create_case')
    expect(created.map(e => e.status)).toEqual([200])
    expect(created[0]!.claims?.sub).toBe(COMMANDER.id)
  })

  it('registers and dispatches it to the police station through case_transition', async () => {
    await act(s.page, 'register', 'registered')
    await act(s.page, 'dispatch', 'dispatched', async (form) => {
      await form.locator('[data-field=leadUnitId]').selectOption('police')
    })
    await expect.poll(() => timeline(s.page)).toEqual(expect.arrayContaining(['register', 'dispatch']))
    const moves = s.exchanges.filter(e => e.fn === 'case_transition')
    expect(moves.map(e => [(e.args as { p_action: string }).p_action, e.status])).toEqual([['register', 200], ['dispatch', 200]])
  })

  it('the unit handler, signed in as themselves, accepts and reports back', async () => {
    await signInAs(UNIT_HANDLER.email)
    await s.page.goto(appUrl(caseUrl))
    await expect.poll(() => actionsOffered(s.page)).toContain('accept')
    expect(await actionsOffered(s.page)).not.toContain('verify_close')
    await act(s.page, 'accept', 'in_progress')
    await act(s.page, 'report_back', 'reported_back', async (form) => {
      await form.locator('[data-field=outcome]').selectOption('resolved')
      await form.locator('[data-field=resultText]').fill('已联系环卫清运，现场清理完毕。')
    })
    const mine = s.exchanges.filter(e => e.fn === 'case_transition').slice(-2)
    expect(mine.map(e => e.claims?.sub)).toEqual([UNIT_HANDLER.id, UNIT_HANDLER.id])
  })

  it('the commander verifies with a call-back and closes; the database holds the whole log', async () => {
    await signInAs(COMMANDER.email)
    await s.page.goto(appUrl(caseUrl))
    await expect.poll(() => actionsOffered(s.page)).toContain('verify_close')
    await act(s.page, 'verify_close', 'closed', async (form) => {
      await form.locator('[data-field="callBack.satisfaction"]').selectOption('satisfied')
    })
    const { rows } = await db.admin.query<{ action: string }>(
      'select e.kind as action from public.case_events e join public.cases c on c.id = e.case_id where c.title = $1 order by e.id',
      [title],
    )
    expect(rows.map(r => r.action)).toEqual(['create', 'register', 'dispatch', 'accept', 'report_back', 'verify_close'])
  })

  it('made no request outside the app and its Supabase project, and logged no error', () => {
    expect(s.external).toEqual([])
    expect(s.errors).toEqual([])
  })
})
