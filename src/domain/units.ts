// The units a township centre (乡镇综治中心) routes cases to. Ids are short, stable ASCII strings
// because they are stored on every case (leadUnitId) and in the database; names are display text.

/** A handling unit (承办单位) under the township centre's roof or on call to it. */
export interface HandlingUnit {
  id: string
  /** Chinese name as used locally, e.g. 派出所. */
  name: string
  nameEn: string
}

/** Every handling unit, in the order a centre usually lists them. */
export const UNITS = [
  { id: 'governance', name: '综治办', nameEn: 'Comprehensive Governance Office' },
  { id: 'police', name: '派出所', nameEn: 'Police Station' },
  { id: 'justice', name: '司法所', nameEn: 'Justice Office' },
  { id: 'petition', name: '信访办', nameEn: 'Letters and Visits Office' },
  { id: 'court', name: '法庭联络室', nameEn: 'Court Liaison Office' },
  { id: 'construction', name: '村镇建设办', nameEn: 'Town and Village Construction Office' },
  { id: 'land', name: '自然资源所', nameEn: 'Natural Resources Office' },
  { id: 'environment', name: '生态环境站', nameEn: 'Ecology and Environment Station' },
  { id: 'enforcement', name: '综合行政执法中队', nameEn: 'Administrative Law Enforcement Squad' },
  { id: 'emergency', name: '应急管理办', nameEn: 'Emergency Management Office' },
  { id: 'fire', name: '消防救援站', nameEn: 'Fire and Rescue Station' },
  { id: 'traffic', name: '交警中队', nameEn: 'Traffic Police Squad' },
  { id: 'power', name: '供电所', nameEn: 'Power Supply Office' },
  { id: 'water', name: '水利站', nameEn: 'Water Resources Station' },
  { id: 'market', name: '市场监管所', nameEn: 'Market Supervision Office' },
  { id: 'labour', name: '劳动保障所', nameEn: 'Labour and Social Security Office' },
  { id: 'social', name: '社会事务办', nameEn: 'Social Affairs Office' },
  { id: 'agriculture', name: '农业农村办', nameEn: 'Agriculture and Rural Affairs Office' },
  { id: 'education', name: '中心学校', nameEn: 'Central School Office' },
  { id: 'health', name: '卫生院', nameEn: 'Township Health Centre' },
  { id: 'village', name: '村（社区）委会', nameEn: 'Village or Community Committee' },
] as const satisfies readonly HandlingUnit[]

/** Id of a known handling unit. */
export type UnitId = typeof UNITS[number]['id']

/** Raised when a unit id is not in the list; the message names the id and the known ones. */
export class UnknownUnitError extends Error {
  constructor(readonly unitId: string) {
    super(`Unknown handling unit "${unitId}"; known units: ${UNITS.map(u => u.id).join(', ')}`)
    this.name = 'UnknownUnitError'
  }
}

const byId: ReadonlyMap<string, HandlingUnit> = new Map(UNITS.map(u => [u.id, u]))

/** True when `id` names a known handling unit. */
export function isUnitId(id: string): id is UnitId {
  return byId.has(id)
}

/** The unit with this id; throws UnknownUnitError for an unknown id. */
export function getUnit(id: string): HandlingUnit {
  const unit = byId.get(id)
  if (unit === undefined)
    throw new UnknownUnitError(id)
  return unit
}

/** All handling units, in display order. */
export function listUnits(): readonly HandlingUnit[] {
  return UNITS
}
