// The two-level case category tree (大类/小类). Codes are stored on every case and in the
// database, so they never change meaning: a retired subcategory keeps its code unused.
// Major codes are two digits; a subcategory code is its major's code plus two digits, with
// xx99 reserved for "other".
import type { UnitId } from './units'

/**
 * How a default deadline is counted: working hours or working days of the territory's calendar,
 * or clock hours (24 hours a day, weekends and holidays included) for the urgent categories
 * (突发事件), whose handling cannot wait for the office to open.
 */
export type DeadlineUnit = 'working_hours' | 'working_days' | 'clock_hours'

/** A deadline length, counted from registration. */
export interface Deadline {
  amount: number
  unit: DeadlineUnit
}

/** A subcategory (小类): what a case is classified as. */
export interface CaseCategory {
  /** Four digits, e.g. 0101. */
  code: string
  /** The two-digit code of its major category. */
  majorCode: string
  name: string
  nameEn: string
  /** Counts toward the dispute resolution rate (化解率). */
  isDispute: boolean
  defaultDeadline: Deadline
  defaultUnitId: UnitId
  /** Urgent cases must reach the township centre within 15 minutes. */
  urgentByDefault: boolean
}

/** A major category (大类) and its subcategories. */
export interface MajorCategory {
  /** Two digits, e.g. 01. */
  code: string
  name: string
  nameEn: string
  subcategories: readonly CaseCategory[]
}

type SubSpec = [code: string, name: string, nameEn: string, isDispute: boolean, amount: number, unit: DeadlineUnit, unitId: UnitId]

const wd = 'working_days'
const wh = 'working_hours'
// Urgent categories run on the clock, 24 hours a day.
const ch = 'clock_hours'

function major(code: string, name: string, nameEn: string, urgent: boolean, subs: SubSpec[]): MajorCategory {
  return {
    code,
    name,
    nameEn,
    subcategories: subs.map(([subCode, subName, subNameEn, isDispute, amount, unit, unitId]) => ({
      code: subCode,
      majorCode: code,
      name: subName,
      nameEn: subNameEn,
      isDispute,
      defaultDeadline: { amount, unit },
      defaultUnitId: unitId,
      urgentByDefault: urgent,
    })),
  }
}

/** The whole tree, majors in code order, each with its subcategories in code order. */
export const CATEGORY_TREE: readonly MajorCategory[] = [
  major('01', '矛盾纠纷', 'Disputes', false, [
    ['0101', '邻里纠纷', 'Neighbour dispute', true, 5, wd, 'village'],
    ['0102', '婚姻家庭纠纷', 'Marriage and family dispute', true, 10, wd, 'justice'],
    ['0103', '土地山林权属纠纷', 'Land and forest tenure dispute', true, 15, wd, 'land'],
    ['0104', '劳资纠纷', 'Labour and unpaid wage dispute', true, 10, wd, 'labour'],
    ['0105', '合同债务纠纷', 'Contract and debt dispute', true, 15, wd, 'court'],
    ['0106', '物业纠纷', 'Property management dispute', true, 10, wd, 'village'],
    ['0107', '消费纠纷', 'Consumer dispute', true, 7, wd, 'market'],
    ['0108', '医患纠纷', 'Medical dispute', true, 10, wd, 'health'],
    ['0109', '交通事故赔偿纠纷', 'Traffic accident compensation dispute', true, 10, wd, 'traffic'],
    ['0199', '其他矛盾纠纷', 'Other dispute', true, 10, wd, 'justice'],
  ]),
  major('02', '征地拆迁', 'Land acquisition and demolition', false, [
    ['0201', '征地补偿纠纷', 'Land acquisition compensation dispute', true, 15, wd, 'land'],
    ['0202', '房屋拆迁安置纠纷', 'Demolition and resettlement dispute', true, 15, wd, 'construction'],
    ['0203', '违法用地', 'Illegal land use', false, 10, wd, 'land'],
    ['0204', '违章建筑', 'Unauthorised construction', false, 10, wd, 'enforcement'],
  ]),
  major('03', '环境卫生', 'Environment and sanitation', false, [
    ['0301', '垃圾乱堆乱放', 'Refuse dumping', false, 3, wd, 'village'],
    ['0302', '污水直排', 'Sewage discharge', false, 5, wd, 'environment'],
    ['0303', '露天焚烧', 'Open burning', false, 8, wh, 'environment'],
    ['0304', '噪声扰民', 'Noise nuisance', false, 3, wd, 'environment'],
    ['0305', '畜禽养殖污染', 'Livestock farming pollution', false, 5, wd, 'agriculture'],
    ['0306', '河道沟渠污染', 'River and ditch pollution', false, 5, wd, 'water'],
    ['0307', '扬尘污染', 'Dust pollution', false, 3, wd, 'environment'],
  ]),
  major('04', '安全隐患', 'Safety hazards', false, [
    ['0401', '消防安全隐患', 'Fire hazard', false, 2, wd, 'fire'],
    ['0402', '道路交通安全隐患', 'Road traffic hazard', false, 3, wd, 'traffic'],
    ['0403', '校园及周边安全隐患', 'School safety hazard', false, 2, wd, 'education'],
    ['0404', '安全生产隐患', 'Production safety hazard', false, 3, wd, 'emergency'],
    ['0405', '危险物品隐患', 'Hazardous goods', false, 1, wd, 'emergency'],
    ['0406', '地质灾害隐患', 'Geological hazard', false, 2, wd, 'land'],
    ['0407', '食品药品安全隐患', 'Food and drug safety hazard', false, 3, wd, 'market'],
    ['0408', '房屋安全隐患', 'Unsafe building', false, 5, wd, 'construction'],
  ]),
  major('05', '治安问题', 'Public order', false, [
    ['0501', '打架斗殴', 'Fight or affray', false, 8, wh, 'police'],
    ['0502', '盗窃', 'Theft', false, 3, wd, 'police'],
    ['0503', '电信网络诈骗', 'Telecom and online fraud', false, 3, wd, 'police'],
    ['0504', '涉赌问题', 'Gambling', false, 2, wd, 'police'],
    ['0505', '占道经营', 'Street vending on the road', false, 2, wd, 'enforcement'],
    ['0506', '扰乱公共秩序', 'Public disturbance', false, 1, wd, 'police'],
  ]),
  major('06', '基础设施', 'Infrastructure faults', false, [
    ['0601', '道路桥梁损坏', 'Damaged road or bridge', false, 5, wd, 'construction'],
    ['0602', '路灯故障', 'Streetlight fault', false, 3, wd, 'construction'],
    ['0603', '供水故障', 'Water supply fault', false, 8, wh, 'water'],
    ['0604', '供电故障', 'Power supply fault', false, 8, wh, 'power'],
    ['0605', '井盖及公共设施损坏', 'Damaged manhole cover or public facility', false, 2, wd, 'construction'],
    ['0606', '水利设施损坏', 'Damaged water works', false, 5, wd, 'water'],
  ]),
  major('07', '信访诉求', 'Citizen requests and complaints', false, [
    ['0701', '政策咨询', 'Policy enquiry', false, 5, wd, 'petition'],
    ['0702', '社会保障诉求', 'Social security request', false, 10, wd, 'social'],
    ['0703', '涉法涉诉信访', 'Litigation-related petition', true, 15, wd, 'court'],
    ['0704', '干部作风投诉', 'Complaint about officials', true, 15, wd, 'petition'],
    ['0705', '群体诉求', 'Collective request', true, 10, wd, 'petition'],
  ]),
  major('08', '突发事件', 'Emergencies', true, [
    ['0801', '群体性事件', 'Group incident', true, 2, ch, 'governance'],
    ['0802', '火灾', 'Fire', false, 2, ch, 'fire'],
    ['0803', '交通事故', 'Traffic accident', false, 2, ch, 'traffic'],
    ['0804', '山洪地质灾害', 'Flash flood or landslide', false, 2, ch, 'emergency'],
    ['0805', '公共卫生事件', 'Public health incident', false, 4, ch, 'health'],
    ['0806', '人员走失', 'Missing person', false, 4, ch, 'police'],
  ]),
]

/** Raised for a code that names no subcategory; the message says whether it is malformed, a major, or unknown. */
export class UnknownCategoryError extends Error {
  constructor(readonly categoryCode: string, reason: string) {
    super(`Unknown case category "${categoryCode}": ${reason}`)
    this.name = 'UnknownCategoryError'
  }
}

const majorsByCode: ReadonlyMap<string, MajorCategory> = new Map(CATEGORY_TREE.map(m => [m.code, m]))
const subsByCode: ReadonlyMap<string, CaseCategory> = new Map(CATEGORY_TREE.flatMap(m => m.subcategories.map(s => [s.code, s] as const)))

/** True when `code` names a subcategory. */
export function isCategoryCode(code: string): boolean {
  return subsByCode.has(code)
}

/** The subcategory with this code; throws UnknownCategoryError otherwise. */
export function getCategory(code: string): CaseCategory {
  const sub = subsByCode.get(code)
  if (sub !== undefined)
    return sub
  if (typeof code !== 'string' || !/^\d{4}$/.test(code)) {
    const reason = majorsByCode.has(code)
      ? 'this is a major category (大类); a case needs a four-digit subcategory (小类)'
      : 'expected a four-digit subcategory code such as 0101'
    throw new UnknownCategoryError(String(code), reason)
  }
  const parent = majorsByCode.get(code.slice(0, 2))
  const reason = parent === undefined
    ? `no major category ${code.slice(0, 2)} (known: ${CATEGORY_TREE.map(m => m.code).join(', ')})`
    : `major category ${parent.code} ${parent.name} has no subcategory ${code} (known: ${parent.subcategories.map(s => s.code).join(', ')})`
  throw new UnknownCategoryError(code, reason)
}

/** The major category with this two-digit code; throws UnknownCategoryError otherwise. */
export function getMajorCategory(code: string): MajorCategory {
  const m = majorsByCode.get(code)
  if (m === undefined)
    throw new UnknownCategoryError(String(code), `no major category with this code (known: ${CATEGORY_TREE.map(x => x.code).join(', ')})`)
  return m
}

/** All major categories in code order. */
export function listMajors(): readonly MajorCategory[] {
  return CATEGORY_TREE
}

/** Subcategories of one major (throws for an unknown major), or of all majors when none is given. */
export function listSubcategories(majorCode?: string): readonly CaseCategory[] {
  if (majorCode === undefined)
    return [...subsByCode.values()]
  return getMajorCategory(majorCode).subcategories
}
