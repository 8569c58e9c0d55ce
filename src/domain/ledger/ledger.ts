// The case ledger (台账): one row per case with the columns a township centre files and reports,
// Chinese headers as the offices use them. The reporter's contact is personal data: its columns
// exist only when the caller passes contacts, and then only for the cases in that map (the caller
// passes contacts only for the cases the user handles).
import type { MajorCategory } from '../categories'
import type { CaseOutcome, CaseRecord, CaseSource, CaseStatus, EscalationLevel, Grid, Millis } from '../types'
import type { HandlingUnit } from '../units'
import { closedOnTime, isClosedAt, isOverdueAt } from '../casePredicates'

/** How a column's cells are written: text, an instant (epoch ms) shown as China local date and time, or a plain number. */
export type LedgerColumnKind = 'text' | 'datetime' | 'number'

/** One column of the ledger. */
export interface LedgerColumn {
  key: string
  /** The Chinese header. */
  header: string
  kind: LedgerColumnKind
  /** Column width in characters, for the spreadsheet. */
  width: number
}

/** A cell: text, an instant for datetime columns, or empty. */
export type LedgerCell = string | Millis | null

/** The ledger as a table: rows are aligned with columns. */
export interface LedgerSheet {
  columns: readonly LedgerColumn[]
  rows: LedgerCell[][]
}

/** The reporter's contact for the call-back, as the data layer hands it to handlers. */
export interface LedgerContact {
  name: string | null
  phone: string | null
}

/** What the ledger needs besides the cases: names for codes and ids, and the instant "overdue" is judged at. */
export interface LedgerOptions {
  categories: readonly MajorCategory[]
  units: readonly HandlingUnit[]
  /** The grids the cases lie in and their ancestors, for the full path name. */
  grids: readonly Grid[]
  now: Millis
  /** Contacts by case id; adds the 反映人 and 联系电话 columns, filled only for the cases in the map. */
  includeContacts?: ReadonlyMap<string, LedgerContact>
}

/** Source labels as the ledger records them (信息来源). */
export const SOURCE_LABELS: Readonly<Record<CaseSource, string>> = {
  patrol: '网格员巡查',
  visit: '群众来访',
  phone: '电话反映',
  letter: '来信反映',
  camera: '视频发现',
  handover: '上级交办',
  sweep: '排查发现',
}

/** Status labels (办理状态). */
export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  reported: '待立案',
  registered: '已立案',
  dispatched: '已派遣',
  in_progress: '办理中',
  reported_back: '已反馈',
  returned: '退回重办',
  escalated: '已提级',
  closed: '已结案',
  cancelled: '已撤销',
}

/** Outcome labels (处置结果). */
export const OUTCOME_LABELS: Readonly<Record<CaseOutcome, string>> = {
  resolved: '已解决',
  mediated: '调解成功',
  unresolvable: '无法解决',
  referred: '已导入诉讼或其他渠道',
}

/** Which centre owns the case (办理层级). */
export const LEVEL_LABELS: Readonly<Record<EscalationLevel, string>> = {
  0: '村（社区）',
  1: '乡镇（街道）',
  2: '县（区）',
}

const COLUMNS: readonly LedgerColumn[] = [
  { key: 'code', header: '案件编号', kind: 'text', width: 17 },
  { key: 'title', header: '事件标题', kind: 'text', width: 32 },
  { key: 'major', header: '大类', kind: 'text', width: 12 },
  { key: 'category', header: '小类', kind: 'text', width: 18 },
  { key: 'source', header: '来源', kind: 'text', width: 11 },
  { key: 'grid', header: '所属网格', kind: 'text', width: 26 },
  { key: 'address', header: '事发地点', kind: 'text', width: 24 },
  { key: 'reportedAt', header: '上报时间', kind: 'datetime', width: 17 },
  { key: 'registeredAt', header: '立案时间', kind: 'datetime', width: 17 },
  { key: 'dueAt', header: '办理时限', kind: 'datetime', width: 17 },
  { key: 'status', header: '状态', kind: 'text', width: 9 },
  { key: 'urgent', header: '是否紧急', kind: 'text', width: 9 },
  { key: 'overdue', header: '是否超期', kind: 'text', width: 9 },
  { key: 'supervised', header: '是否督办', kind: 'text', width: 9 },
  { key: 'level', header: '办理层级', kind: 'text', width: 12 },
  { key: 'leadUnit', header: '主办单位', kind: 'text', width: 16 },
  { key: 'coUnits', header: '协办单位', kind: 'text', width: 20 },
  { key: 'closedAt', header: '结案时间', kind: 'datetime', width: 17 },
  { key: 'outcome', header: '处置结果', kind: 'text', width: 14 },
]

const CONTACT_COLUMNS: readonly LedgerColumn[] = [
  { key: 'reporterName', header: '反映人', kind: 'text', width: 10 },
  { key: 'reporterPhone', header: '联系电话', kind: 'text', width: 15 },
]

/** The columns of a ledger with or without the contact columns. */
export function ledgerColumns(withContacts: boolean): readonly LedgerColumn[] {
  return withContacts ? [...COLUMNS, ...CONTACT_COLUMNS] : COLUMNS
}

const yesNo = (b: boolean): string => (b ? '是' : '否')

/**
 * Overdue as the ledger reports it: an open case past its deadline now, a closed one closed after
 * its deadline; a cancelled case never.
 */
export function isOverdueForLedger(c: Pick<CaseRecord, 'status' | 'dueAt' | 'closedAt'>, now: Millis): boolean {
  return isOverdueAt(c, now) || (isClosedAt(c, now) && c.closedAt !== null && !closedOnTime(c))
}

/** The ledger rows of `cases`, in the order given. Unknown codes and ids are written as they are rather than dropped. */
export function ledgerRows(cases: readonly CaseRecord[], options: LedgerOptions): LedgerSheet {
  const subs = new Map(options.categories.flatMap(m => m.subcategories.map(s => [s.code, { sub: s.name, major: m.name }] as const)))
  const units = new Map(options.units.map(u => [u.id, u.name]))
  const grids = new Map(options.grids.map(g => [g.id, g]))
  const pathNames = new Map<string, string>()
  const gridPath = (gridId: string): string => {
    let name = pathNames.get(gridId)
    if (name === undefined) {
      const names: string[] = []
      const seen = new Set<string>()
      for (let g = grids.get(gridId); g && !seen.has(g.id); g = g.parentId === null ? undefined : grids.get(g.parentId)) {
        seen.add(g.id)
        names.unshift(g.name)
      }
      name = names.length > 0 ? names.join('/') : gridId
      pathNames.set(gridId, name)
    }
    return name
  }
  const unitName = (id: string): string => units.get(id) ?? id
  const contacts = options.includeContacts
  const rows = cases.map((c): LedgerCell[] => {
    const category = subs.get(c.categoryCode)
    const row: LedgerCell[] = [
      c.code,
      c.title,
      category?.major ?? c.categoryCode.slice(0, 2),
      category?.sub ?? c.categoryCode,
      SOURCE_LABELS[c.source] ?? c.source,
      gridPath(c.gridId),
      c.address ?? null,
      c.reportedAt,
      c.registeredAt,
      c.dueAt,
      STATUS_LABELS[c.status] ?? c.status,
      yesNo(c.urgent),
      yesNo(isOverdueForLedger(c, options.now)),
      yesNo(c.supervised),
      LEVEL_LABELS[c.escalationLevel] ?? String(c.escalationLevel),
      c.leadUnitId === null ? null : unitName(c.leadUnitId),
      (c.coHandlers ?? []).length === 0 ? null : (c.coHandlers ?? []).map(h => unitName(h.unitId)).join('、'),
      c.closedAt,
      c.outcome === null ? null : OUTCOME_LABELS[c.outcome] ?? c.outcome,
    ]
    if (contacts) {
      const contact = contacts.get(c.id)
      row.push(contact?.name ?? null, contact?.phone ?? null)
    }
    return row
  })
  return { columns: ledgerColumns(contacts !== undefined), rows }
}

const CHINA_OFFSET_MS = 8 * 3_600_000

/** An instant as China local "YYYY-MM-DD HH:mm" (fixed +08:00, whatever the machine's time zone). */
export function formatChinaTime(t: Millis): string {
  return new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** A file name for an export made at `now`: 事件台账_20261121_1005.<ext>. */
export function ledgerFileName(now: Millis, ext: 'csv' | 'xlsx'): string {
  const stamp = formatChinaTime(now).replace(/-/g, '').replace(' ', '_').replace(':', '')
  return `事件台账_${stamp}.${ext}`
}
