// The plan page on Supabase: a township commander drafts a camera proposal for a village under
// RLS (its patrol posts read through list_patrol_teams), saves it to the scenarios table, reopens
// it after a reload, and cannot apply it; the county admin opens the same scenario and applies it
// through apply_scenario, which adds the camera and logs the act. Every request goes through the
// PostgREST/Auth shim to the seeded database.
import type { Browser } from 'playwright-core'
import type { TestDatabase } from '../../supabase/tests/harness/db'
import type { PostgrestShim } from '../../supabase/tests/harness/postgrest-shim'
import type { SupabasePage } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS } from '~/demo'
import { demoUserEmail, toUuid } from '../../supabase/seed/ids'
import { DEMO_PASSWORD } from '../../supabase/seed/seedSql'
import { appUrl, launchBrowser, screenshot, waitForMapIdle } from '../browser/harness'
import { labelPixel, openSupabasePage, seededProject, signIn } from './harness'

const COMMANDER = { id: toUuid(DEMO_USERS.townshipCommander), email: demoUserEmail(DEMO_USERS.townshipCommander) }
const ADMIN = { id: toUuid(DEMO_USERS.countyAdmin), email: demoUserEmail(DEMO_USERS.countyAdmin) }

let db: TestDatabase
let shim: PostgrestShim
let browser: Browser

beforeAll(async () => {
  ;({ db, shim } = await seededProject())
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await db?.drop()
})

describe('the plan page on Supabase: a proposal drafted, saved, reopened and applied', () => {
  let s: SupabasePage
  /** A figure of the plan page's scope, current or proposed (m² for the blind-spot area). */
  const figure = async (key: string, part: 'current' | 'proposed'): Promise<number> =>
    Number((await s.page.locator(`[data-figure=${key}] [data-part=${part}]`).textContent())!.replace(/[^\d.-]/g, ''))
  /** A village with a volunteer team whose post is recorded, and one of its groups. */
  let village: { id: string, code: string }
  let group: string
  let camerasBefore = 0

  beforeAll(async () => {
    const { rows } = await db.admin.query<{ id: string, code: string, grp: string }>(`
      select g.id::text, g.code, (select c.code from public.grids c where c.parent_id = g.id order by c.code limit 1) as grp
      from public.patrol_teams t join public.grids g on g.id = t.grid_id
      where t.post is not null and g.level = 2 order by g.code limit 1`)
    expect(rows).toHaveLength(1)
    village = { id: rows[0]!.id, code: rows[0]!.code }
    group = rows[0]!.grp
    camerasBefore = Number((await db.admin.query<{ n: string }>('select count(*) as n from public.cameras where grid_path <@ (select grid_path from public.grids where id = $1)', [village.id])).rows[0]!.n)
    s = await openSupabasePage(browser, shim, { width: 1600, height: 900 })
    await s.page.goto(appUrl('/'))
    await signIn(s.page, COMMANDER.email, DEMO_PASSWORD)
    await s.page.waitForURL(/\/grid\/\d{15}/)
    await s.page.goto(appUrl(`/grid/${village.code}/plan`))
    await s.page.waitForSelector('[data-testid=plan-figures]', { timeout: 90_000 })
    await s.page.waitForSelector('[data-testid=plan-progress]', { state: 'detached', timeout: 90_000 })
    await waitForMapIdle(s.page)
  })

  it('reckons the response circles from the village team\'s post, read under RLS', async () => {
    await expect.poll(() => s.page.locator('[data-testid=plan-response-sources]').textContent(), { timeout: 60_000 }).toMatch(/巡逻岗 [1-9]\d* 处/)
    await expect.poll(() => s.page.locator('[data-testid=plan-response-bands] tbody tr').count()).toBe(3)
    const teams = s.exchanges.filter(e => e.fn === 'list_patrol_teams' && e.status === 200).at(-1)!.response as { items: Array<{ gridId: string, post: [number, number] | null }> }
    expect(teams.items.some(t => t.gridId === village.id && t.post !== null)).toBe(true)
  })

  it('the commander adds a camera, saves the scenario to the table, and reopens it after a reload', async () => {
    await s.page.locator('[data-testid=plan-add-camera]').click()
    const px = await labelPixel(s.page, group)
    await s.page.mouse.click(px.x, px.y)
    await expect.poll(() => s.page.locator('[data-testid=plan-cameras] tr.added').count()).toBe(1)
    await s.page.locator('[data-testid=plan-add-camera]').click()
    await s.page.locator('[data-testid=scenario-name]').fill('村口补点')
    await s.page.locator('[data-testid=scenario-save]').click()
    await expect.poll(() => s.page.locator('[data-testid=scenario-message]').textContent()).toMatch(/已保存“村口补点”版本 1/)
    const { rows } = await db.admin.query<{ owner_id: string, edits: Array<{ kind: string }>, version: number }>('select owner_id::text, edits, version from public.scenarios where name = $1', ['村口补点'])
    expect(rows).toEqual([{ owner_id: COMMANDER.id, edits: [expect.objectContaining({ kind: 'camera.add' })], version: 1 }])

    await s.page.reload()
    await expect.poll(() => s.page.locator('[data-testid=scenario-list] tr[data-scenario="村口补点"]').count(), { timeout: 90_000 }).toBe(1)
    await expect.poll(() => s.page.locator('[data-testid=plan-progress]').count(), { timeout: 90_000 }).toBe(0)
    await s.page.locator('[data-testid=scenario-list] tr[data-scenario="村口补点"] [data-act=open]').click()
    await expect.poll(() => s.page.locator('[data-testid=plan-cameras] tr.added').count()).toBe(1)
  })

  it('refuses the commander\'s apply: planners propose, administrators apply', async () => {
    await s.page.locator('[data-testid=scenario-apply]').click()
    await expect.poll(() => s.page.locator('[data-testid=scenario-message].error').count()).toBe(1)
    const n = Number((await db.admin.query<{ n: string }>('select count(*) as n from public.cameras where grid_path <@ (select grid_path from public.grids where id = $1)', [village.id])).rows[0]!.n)
    expect(n).toBe(camerasBefore)
  })

  it('the county admin opens the commander\'s scenario and applies it: the camera is added and the act logged', async () => {
    await s.page.locator('[data-testid=sign-out]').click()
    await s.page.getByTestId('sign-in').waitFor()
    await signIn(s.page, ADMIN.email, DEMO_PASSWORD)
    await s.page.waitForURL(/\/grid\/\d{15}/)
    await s.page.goto(appUrl(`/grid/${village.code}/plan`))
    await expect.poll(() => s.page.locator('[data-testid=scenario-list] tr[data-scenario="村口补点"]').count(), { timeout: 90_000 }).toBe(1)
    await expect.poll(() => s.page.locator('[data-testid=plan-progress]').count(), { timeout: 90_000 }).toBe(0)
    await s.page.locator('[data-testid=scenario-list] tr[data-scenario="村口补点"] [data-act=open]').click()
    await expect.poll(() => s.page.locator('[data-testid=plan-cameras] tr.added').count()).toBe(1)
    const proposedBlind = await figure('blindM2', 'proposed')
    await s.page.locator('[data-testid=scenario-apply]').click()
    await expect.poll(() => s.page.locator('[data-testid=scenario-message]').textContent()).toMatch(/已应用：新增摄像机 1 个/)
    // The applied proposal is now the current set: the figures are read again and a fresh scenario opens on them.
    await expect.poll(() => figure('blindM2', 'current'), { timeout: 90_000 }).toBe(proposedBlind)
    expect(await s.page.locator('[data-testid=plan-cameras] tr.added').count()).toBe(0)
    expect(await s.page.locator('[data-testid=plan-scenarios]').textContent()).toContain('当前方案：0 处改动')
    expect(await figure('blindM2', 'proposed')).toBe(proposedBlind)
    const n = Number((await db.admin.query<{ n: string }>('select count(*) as n from public.cameras where grid_path <@ (select grid_path from public.grids where id = $1)', [village.id])).rows[0]!.n)
    expect(n).toBe(camerasBefore + 1)
    const logged = await db.admin.query<{ actor: string }>(`select actor_id::text as actor from public.admin_events where kind = 'scenario_applied'`)
    expect(logged.rows.map(r => r.actor)).toEqual([ADMIN.id])
    await screenshot(s.page, 'supabase-plan-applied')
    expect(s.external).toEqual([])
    // The commander's refused apply is the one error the page may have logged.
    expect(s.errors.filter(e => !/apply_scenario|county admin|administrator|管理员/.test(e))).toEqual([])
  })
})
