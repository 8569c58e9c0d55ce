// The case loop on the embedded demo: intake, transitions and the event log over the same
// in-memory dataset DemoDataSource reads, so a write shows in the next list, map and KPI read.
// The visitor's writes are also kept in the browser when the dataset was loaded with
// restoreDemoEdits (demoEdits.ts), so a reload brings them back; "reset the demo" forgets them.
import type { CaseContact, CaseLoopSource, WriteOptions } from '../CaseLoopSource'
import type { DemoKeeper, EditShelf, KeptEdits } from './demoEdits'
import type { DemoCaseLoopDataset } from './demoUsers'
import type { DemoDataset } from '~/demo'
import type { Actor, CaseAction, CaseEvent, CaseLoopState, CaseNotice, EventPayloads, NewCaseInput, NoticeAddressee, TransitionInput } from '~/domain/caseLoop'
import type { BBox, CaseOutcome, CaseRecord, CaseStatus, EscalationLevel, Grid, LngLat, Millis, Role, StaffRole } from '~/domain/types'
import { DEMO_USERS } from '~/demo'
import { TOWNSHIP } from '~/demo/names'
import { createAccess } from '~/domain/access'
import { actorMemberships, applyAction, canReport, CaseInputError, CaseTransitionError, CN_TOWNSHIP_CALENDAR, defaultDueAt, initialEscalationLevel, isCaseHandler, isNoticeEvent, noticeMessage, noticeReaches, PHOTO_TYPES, PHOTO_UPLOAD_RULES, PHOTO_UPLOADS_PER_DAY, sortNotices, TERMINAL_STATUSES, validateNewCase } from '~/domain/caseLoop'
import { isCategoryCode } from '~/domain/categories'
import { bboxOfMultiPolygon, inBBox, pointInMultiPolygon } from '~/domain/geometry'
import { isUnitId } from '~/domain/units'
import { asDataError, DataError } from '../DataSource'
import { canonicalJson } from '../idempotency'
import { caseInputDataError, checkPhoto, idempotencyKeyOf, idempotencyKeyReused } from '../inputErrors'
import { newUuid } from '../uuid'
import { createKeeper, demoKeepingOf } from './demoEdits'
import { demoStaffIdsOf, demoUnitIdsOf } from './demoUsers'

const DAY = 86_400_000

/** What all viewers of one dataset share: the event logs, the reporter contacts, where each case sits in the array. */
interface Store {
  events: Map<string, CaseEvent[]>
  contacts: Map<string, CaseContact>
  indexById: Map<string, number>
  /** Last sequence number used per year of the case code, once scanned. */
  lastSeq: Map<number, number>
  /** Uploaded photos by id, with who uploaded them and the case they were attached to, if any. */
  photos: Map<string, DemoPhoto>
  /** Told of every write, local or applied from elsewhere (the live feed listens here). */
  writeListeners: Set<(write: DemoCaseWrite) => void>
  /**
   * Idempotency keys of writes that applied, per caller (`viewer key`), with what was asked and
   * the answer, as private.idempotency_keys keeps them. A refused write keeps no key.
   */
  keys: Map<string, { request: string, answer: CaseRecord }>
  /** Notice ids each demo login has opened (as public.notice_reads keeps them per user). */
  noticeReads: Map<string, Set<string>>
  /** Told of every notice marked read (the demo's browser-kept edits listen here). */
  readListeners: Set<(viewerId: string, noticeId: string) => void>
}

/** One write to a case of the demo: the record after it, and the event it logged (null for intake, whose record is the whole story). */
export interface DemoCaseWrite {
  record: CaseRecord
  event: CaseEvent | null
  /** Made in this tab, or received from another (see applyDemoCaseWrite). */
  origin: 'local' | 'remote'
  /** False for a write the browser does not keep across reloads (the demo feed's); kept when absent. */
  keep?: boolean
}

interface DemoPhoto {
  blob: Blob
  uploaderId: string
  uploadedAt: Millis
  caseId: string | null
  /** Made on first view and kept: one object URL per photo for the page's lifetime, like the data itself. */
  url: string | null
}

// Keyed by the dataset object, so every viewer's DemoCaseLoop over it writes to the same logs.
const stores = new WeakMap<DemoDataset, Store>()
// The keeper of each store that keeps edits (keepEdits), so a caller can wait for its writes.
const keepers = new WeakMap<Store, DemoKeeper>()

function storeOf(data: DemoDataset): Store {
  let store = stores.get(data)
  if (!store) {
    // The generated contacts (a share of the demo's cases) start the store, as case_contacts seeds the database.
    const contacts = new Map<string, CaseContact>((data.caseContacts ?? []).map(c => [c.caseId, { name: c.reporterName, phone: c.reporterPhone }]))
    store = { events: new Map(), contacts, indexById: new Map(data.cases.map((c, i) => [c.id, i])), lastSeq: new Map(), photos: new Map(), writeListeners: new Set(), keys: new Map(), noticeReads: new Map(), readListeners: new Set() }
    stores.set(data, store)
    const keeping = demoKeepingOf(data)
    if (keeping)
      keepEdits(store, keeping.restored, keeping.shelf)
  }
  return store
}

/**
 * Starts the store from the edits restored into the dataset (their records are in it already)
 * and keeps every later local write of a visitor on the shelf: the case with its whole log and
 * contact, the photos it took, the notices each login opened. The demo feed's writes are not kept.
 */
function keepEdits(store: Store, restored: KeptEdits, shelf: EditShelf): void {
  for (const c of restored.cases) {
    store.events.set(c.record.id, [...c.events])
    if (c.contact)
      store.contacts.set(c.record.id, { ...c.contact })
  }
  for (const p of restored.photos)
    store.photos.set(p.id, { blob: p.blob, uploaderId: p.uploaderId, uploadedAt: p.uploadedAt, caseId: p.caseId, url: null })
  for (const r of restored.reads)
    store.noticeReads.set(r.viewerId, new Set(r.noticeIds))
  const keeper = createKeeper(shelf, restored)
  store.writeListeners.add((write) => {
    if (write.origin !== 'local' || write.keep === false)
      return
    const id = write.record.id
    keeper.case({ record: write.record, events: store.events.get(id) ?? [], contact: store.contacts.get(id) ?? null })
    if (write.event === null) {
      for (const photoId of write.record.photoIds ?? []) {
        const photo = store.photos.get(photoId)
        if (photo)
          keeper.photo({ id: photoId, blob: photo.blob, uploaderId: photo.uploaderId, uploadedAt: photo.uploadedAt, caseId: id })
      }
    }
  })
  store.readListeners.add((viewerId) => {
    keeper.reads(viewerId, [...store.noticeReads.get(viewerId) ?? []])
  })
  keepers.set(store, keeper)
}

/** Resolves once the edits of this dataset made so far are on its shelf (tests, and before a reload). */
export async function demoEditsKept(data: DemoDataset): Promise<void> {
  await keepers.get(storeOf(data))?.flushed()
}

/** What one viewer's queries need, built once. */
interface ViewerIndex {
  data: DemoCaseLoopDataset
  store: Store
  actor: Actor
  /** Grids this viewer sees, with their bounding boxes, deepest level first. */
  visible: Array<{ grid: Grid, bbox: BBox }>
  visibleIds: Set<string>
  byId: Map<string, Grid>
  /** Ids the viewer is known by as an assignee: their login and their staff records. */
  personIds: Set<string>
  knownPeople: Set<string>
}

/** Options of DemoCaseLoop (seams for tests). */
export interface DemoCaseLoopOptions {
  clock?: () => Millis
  newId?: () => string
  /** Whether this viewer's writes are kept in the browser (default true; the demo feed's are not: the township's own life is not the visitor's edit). */
  keep?: boolean
}

/**
 * The embedded demo's CaseLoopSource for one viewer. Every write goes through the domain state
 * machine (applyAction) exactly as the database's transition RPC does, and replaces the case
 * record rather than mutating it: the UI treats records as immutable values.
 */
export class DemoCaseLoop implements CaseLoopSource {
  private index: Promise<ViewerIndex>
  private clock: () => Millis
  private newId: () => string
  private keep: boolean

  constructor(dataset: Promise<DemoCaseLoopDataset>, readonly viewerId: string, options: DemoCaseLoopOptions = {}) {
    this.clock = options.clock ?? Date.now
    this.newId = options.newId ?? newUuid
    this.keep = options.keep ?? true
    this.index = dataset.then(data => buildViewerIndex(data, viewerId))
  }

  async actor(): Promise<Actor> {
    const ix = await this.index
    return ix.actor
  }

  async locateGrid(location: LngLat): Promise<Grid | null> {
    const ix = await this.index
    return deepestContaining(ix.visible, location)
  }

  async getCase(caseId: string): Promise<CaseRecord | null> {
    const ix = await this.index
    return visibleCase(ix, caseId)
  }

  async createCase(raw: NewCaseInput, options?: WriteOptions): Promise<CaseRecord> {
    const key = idempotencyKeyOf(options)
    const ix = await this.index
    return once(ix.store, this.viewerId, key, { rpc: 'create_case', input: raw }, () => this.createNow(ix, raw))
  }

  /** createCase once its key, if any, is new: everything from here to the answer runs without a pause, so no other write interleaves. */
  private createNow(ix: ViewerIndex, raw: NewCaseInput): CaseRecord {
    let input: NewCaseInput
    try {
      input = validateNewCase(raw)
    }
    catch (e) {
      throw toDataError(e)
    }
    const grid = deepestContaining(ix.visible, input.location)
    const where = `[${input.location[0]}, ${input.location[1]}]`
    // One answer whether or not a grid the viewer cannot see lies there, as create_case gives.
    if (!grid)
      throw new DataError('invalid', `Cannot report a case at ${where}: the point is outside the grids you cover; a case must lie inside one of them`, { code: 'invalid_input', field: 'location', reason: 'outside_territory' })
    const gridPath = lineageIds(ix, grid.id)
    if (!canReport(ix.actor, gridPath))
      throw new DataError('forbidden', `Cannot report a case in ${grid.name}: only grid workers and centre staff of a grid containing it may report there`, { code: 'not_permitted', gridId: grid.id })
    checkClaimablePhotos(ix, input.photoIds, this.viewerId)
    const now = this.clock()
    const record: CaseRecord = {
      id: this.newId(),
      code: nextCode(ix, now),
      categoryCode: input.categoryCode,
      title: input.title,
      description: input.description,
      source: input.source,
      status: 'reported',
      outcome: null,
      urgent: input.urgent,
      location: input.location,
      address: input.address,
      gridId: grid.id,
      escalationLevel: initialEscalationLevel(input.urgent),
      leadUnitId: null,
      coHandlers: [],
      assigneeId: null,
      reportedAt: now,
      registeredAt: null,
      dispatchedAt: null,
      reportedBackAt: null,
      closedAt: null,
      // Provisional until registration, which counts the deadline again from its own time.
      dueAt: defaultDueAt(input.categoryCode, now, CN_TOWNSHIP_CALENDAR),
      supervised: false,
      version: 1,
      ...(input.photoIds.length > 0 ? { photoIds: input.photoIds } : {}),
    }
    ix.store.indexById.set(record.id, ix.data.cases.length)
    ix.data.cases.push(record)
    // A new case has no history to reconstruct: its log starts empty, the record holds the intake.
    ix.store.events.set(record.id, [])
    if (input.reporterName !== null || input.reporterPhone !== null)
      ix.store.contacts.set(record.id, { name: input.reporterName, phone: input.reporterPhone })
    for (const photoId of input.photoIds)
      ix.store.photos.get(photoId)!.caseId = record.id
    announce(ix.store, { record, event: null, origin: 'local', keep: this.keep })
    return record
  }

  async transitionCase<A extends CaseAction>(caseId: string, action: A, input: TransitionInput<A>, options?: WriteOptions): Promise<CaseRecord> {
    const key = idempotencyKeyOf(options)
    const ix = await this.index
    const { expectedVersion, ...rest } = input as TransitionInput<A> & Record<string, unknown>
    const request = { rpc: 'case_transition', caseId, action, input: rest, expectedVersion: expectedVersion ?? null }
    return once(ix.store, this.viewerId, key, request, () => this.transitionNow(ix, caseId, action, input))
  }

  private transitionNow<A extends CaseAction>(ix: ViewerIndex, caseId: string, action: A, input: TransitionInput<A>): CaseRecord {
    const record = visibleCase(ix, caseId)
    if (!record)
      throw new DataError('not_found', `case ${caseId} does not exist or is not visible to you`)
    const now = this.clock()
    const state: CaseRecord & CaseLoopState = { ...record, gridPath: lineageIds(ix, record.gridId) }
    let next: CaseRecord & CaseLoopState
    let event: CaseEvent<A>
    try {
      ;({ next, event } = applyAction(state, action, ix.actor, withDefaults(action, input, record, now), now))
    }
    catch (e) {
      throw toDataError(e)
    }
    checkReferences(ix, event)
    // Seed the history from the record as it was, before the new event goes on top of it.
    const log = eventsOf(ix, record)
    if (action === 'remind')
      checkRemindRate(log, event, now)
    const { gridPath: _path, ...updated } = next
    ix.data.cases[ix.store.indexById.get(caseId)!] = updated
    log.push(event)
    announce(ix.store, { record: updated, event, origin: 'local', keep: this.keep })
    return updated
  }

  async listCaseEvents(caseId: string): Promise<CaseEvent[]> {
    const ix = await this.index
    const record = visibleCase(ix, caseId)
    if (!record)
      throw new DataError('not_found', `case ${caseId} does not exist or is not visible to you`)
    return [...eventsOf(ix, record)]
  }

  async getCaseContact(caseId: string): Promise<CaseContact | null> {
    const ix = await this.index
    const record = visibleCase(ix, caseId)
    if (!record)
      return null
    if (!isCaseHandler(ix.actor, record, lineageIds(ix, record.gridId), [...ix.personIds]))
      return null
    const contact = ix.store.contacts.get(caseId)
    return contact ? { ...contact } : null
  }

  async uploadPhoto(file: Blob, name: string): Promise<string> {
    const ix = await this.index
    const type = checkPhoto(file, name)
    const now = this.clock()
    const recent = [...ix.store.photos.values()].filter(p => p.uploaderId === this.viewerId && p.uploadedAt > now - DAY).length
    // The bucket's policy: only someone who may report somewhere uploads, and only so many a day.
    if (!ix.actor.memberships.some(m => m.role !== 'wall_viewer') || recent >= PHOTO_UPLOADS_PER_DAY)
      throw new DataError('forbidden', `Uploading "${name}" failed: new row violates row-level security policy (${PHOTO_UPLOAD_RULES})`, { code: 'not_permitted' })
    const id = `photo-${ix.store.photos.size + 1}.${PHOTO_TYPES[type]}`
    ix.store.photos.set(id, { blob: file, uploaderId: this.viewerId, uploadedAt: now, caseId: null, url: null })
    return id
  }

  async photoUrl(photoId: string): Promise<string | null> {
    const ix = await this.index
    const photo = ix.store.photos.get(photoId)
    if (!photo)
      return null
    // A photo shows with its case, as the bucket's select policy has it; until attached, only to its uploader.
    const mayView = photo.caseId === null ? photo.uploaderId === this.viewerId : visibleCase(ix, photo.caseId) !== null
    if (!mayView)
      return null
    photo.url ??= URL.createObjectURL(photo.blob)
    return photo.url
  }

  async listNotices(): Promise<CaseNotice[]> {
    const ix = await this.index
    const who: NoticeAddressee = { personIds: [...ix.personIds], unitIds: ix.actor.unitIds ?? [] }
    const read = ix.store.noticeReads.get(this.viewerId)
    const out: CaseNotice[] = []
    for (const c of noticeCandidates(ix, who)) {
      for (const e of eventsOf(ix, c)) {
        if (!noticeReaches(e, c, who) || !isNoticeEvent(e))
          continue
        const id = demoNoticeId(e)
        out.push({ id, kind: e.action, caseId: c.id, caseCode: c.code, caseTitle: c.title, caseStatus: c.status, at: e.at, actorId: e.actorId, actorRole: e.actorRole, message: noticeMessage(e), read: read?.has(id) ?? false })
      }
    }
    return sortNotices(out)
  }

  async markNoticeRead(noticeId: string): Promise<void> {
    const ix = await this.index
    // Only a notice this viewer is shown may be marked, as mark_notice_read refuses any other.
    if (!(await this.listNotices()).some(n => n.id === noticeId))
      throw new DataError('not_found', `notice ${noticeId} does not exist or is not addressed to you`)
    let read = ix.store.noticeReads.get(this.viewerId)
    if (!read)
      ix.store.noticeReads.set(this.viewerId, read = new Set())
    if (read.has(noticeId))
      return
    read.add(noticeId)
    for (const listener of ix.store.readListeners)
      listener(this.viewerId, noticeId)
  }
}

/** A demo notice's id: its case, time, sender and kind (a sender reminds a case at most once an hour, so this is unique). */
function demoNoticeId(e: CaseEvent): string {
  return `${e.caseId}|${e.at}|${e.actorId}|${e.action}`
}

/**
 * The visible open cases that may hold a notice for the viewer: those with a log written this
 * session (a reminder names its addressee then), and supervised ones they handle now (the
 * generated history holds supervisions, never reminders), without reconstructing every old case's log.
 */
function noticeCandidates(ix: ViewerIndex, who: NoticeAddressee): CaseRecord[] {
  return ix.data.cases.filter(c => !TERMINAL_STATUSES.includes(c.status) && ix.visibleIds.has(c.gridId) && (
    ix.store.events.has(c.id)
    || (c.supervised && ((c.assigneeId !== null && who.personIds.includes(c.assigneeId)) || (c.leadUnitId !== null && who.unitIds.includes(c.leadUnitId))))
  ))
}

/**
 * Runs a write under an idempotency key as create_case and case_transition do: the first request
 * with the key applies and its answer is kept; the same request again answers that without
 * applying; another request under the key is refused. `apply` is synchronous, so two sends of one
 * key (two calls in flight at once) cannot both apply.
 */
function once(store: Store, viewerId: string, key: string | null, request: object, apply: () => CaseRecord): CaseRecord {
  if (key === null)
    return apply()
  const id = `${viewerId} ${key}`
  const asked = canonicalJson(request)
  const prior = store.keys.get(id)
  if (prior) {
    if (prior.request !== asked)
      throw idempotencyKeyReused(key)
    return prior.answer
  }
  const answer = apply()
  store.keys.set(id, { request: asked, answer })
  return answer
}

function announce(store: Store, write: DemoCaseWrite): void {
  for (const listener of store.writeListeners)
    listener(write)
}

/** Calls `listener` after every write to a case of this dataset; returns the function that stops it. */
export function onDemoCaseWrite(data: DemoDataset, listener: (write: DemoCaseWrite) => void): () => void {
  const store = storeOf(data)
  store.writeListeners.add(listener)
  return () => store.writeListeners.delete(listener)
}

function buildViewerIndex(data: DemoCaseLoopDataset, viewerId: string): ViewerIndex {
  const access = createAccess({ userId: viewerId, memberships: data.memberships, grids: data.grids })
  const withBoxes = data.grids.map(grid => ({ grid, bbox: bboxOfMultiPolygon(grid.boundary) })).sort((a, b) => b.grid.level - a.grid.level)
  const staffIds = demoStaffIdsOf(data, viewerId)
  const actor: Actor = {
    // Cases are assigned to staff records, so a user linked to one acts as that record.
    userId: staffIds[0] ?? viewerId,
    // Scoped as access.ts scopes them (a county admin covers its county), so the machine agrees with the visibility rule.
    memberships: actorMemberships(data.memberships, data.grids, viewerId),
    unitIds: demoUnitIdsOf(data, viewerId),
  }
  return {
    data,
    store: storeOf(data),
    actor,
    visible: withBoxes.filter(g => access.visibleGridIds.has(g.grid.id)),
    visibleIds: new Set(access.visibleGridIds),
    byId: new Map(data.grids.map(g => [g.id, g])),
    personIds: new Set([viewerId, ...staffIds]),
    // Whom a case may be assigned to: staff the viewer can see (the demo is one county), and the
    // people the demo knows by login.
    knownPeople: new Set([
      ...data.staff.filter(s => access.visibleGridIds.has(s.gridId)).map(s => s.id),
      ...data.memberships.map(m => m.userId),
      ...(data.unitMemberships ?? []).map(u => u.userId),
    ]),
  }
}

/** The deepest grid whose boundary contains the point; candidates are sorted deepest first. */
function deepestContaining(candidates: ReadonlyArray<{ grid: Grid, bbox: BBox }>, p: LngLat): Grid | null {
  for (const { grid, bbox } of candidates) {
    if (inBBox(p, bbox) && pointInMultiPolygon(p, grid.boundary))
      return grid
  }
  return null
}

function lineageIds(ix: ViewerIndex, gridId: string): string[] {
  const path: string[] = []
  let g = ix.byId.get(gridId)
  while (g) {
    path.unshift(g.id)
    g = g.parentId ? ix.byId.get(g.parentId) : undefined
  }
  return path
}

function visibleCase(ix: ViewerIndex, caseId: string): CaseRecord | null {
  const i = ix.store.indexById.get(caseId)
  const c = i === undefined ? undefined : ix.data.cases[i]
  return c && ix.visibleIds.has(c.gridId) ? c : null
}

const CODE = /^([A-Z]+)-(\d{4})-(\d+)$/
const CHINA_OFFSET_MS = 8 * 3_600_000

/** The next case code of the year (China time) `now` falls in, continuing the generator's numbering. */
function nextCode(ix: ViewerIndex, now: Millis): string {
  const year = new Date(now + CHINA_OFFSET_MS).getUTCFullYear()
  let last = ix.store.lastSeq.get(year)
  if (last === undefined) {
    last = 0
    for (const c of ix.data.cases) {
      const m = CODE.exec(c.code)
      if (m && m[1] === TOWNSHIP.casePrefix && Number(m[2]) === year)
        last = Math.max(last, Number(m[3]))
    }
  }
  ix.store.lastSeq.set(year, last + 1)
  return `${TOWNSHIP.casePrefix}-${year}-${String(last + 1).padStart(6, '0')}`
}

/**
 * Applies a write made elsewhere (another tab of the demo) to this dataset: a new case is added,
 * a newer version of a known case replaces it and its event joins the log; an older or equal
 * version changes nothing. Answers whether it changed anything; listeners hear of it as 'remote'.
 */
export function applyDemoCaseWrite(data: DemoDataset, record: CaseRecord, event: CaseEvent | null): boolean {
  const store = storeOf(data)
  const at = store.indexById.get(record.id)
  const known = at === undefined ? undefined : data.cases[at]
  if (known && known.version >= record.version)
    return false
  if (at === undefined) {
    store.indexById.set(record.id, data.cases.length)
    data.cases.push(record)
    store.events.set(record.id, [])
  }
  else {
    // The history as it stood, before the new event goes on top of it (as a local transition does).
    if (!store.events.has(record.id))
      store.events.set(record.id, seedEvents(data, new Map(data.grids.map(g => [g.id, g])), known!))
    data.cases[at] = record
  }
  if (event)
    store.events.get(record.id)!.push(event)
  // Codes continue after whatever another tab has handed out.
  const m = CODE.exec(record.code)
  if (m && m[1] === TOWNSHIP.casePrefix) {
    const year = Number(m[2])
    const last = store.lastSeq.get(year)
    if (last !== undefined && last < Number(m[3]))
      store.lastSeq.set(year, Number(m[3]))
  }
  announce(store, { record, event, origin: 'remote' })
  return true
}

/**
 * Fills what the data layer knows and the form need not send: registration without a deadline
 * gets the (possibly reclassified) category's default, counted in working time from now.
 */
function withDefaults<A extends CaseAction>(action: A, input: TransitionInput<A>, record: CaseRecord, now: Millis): TransitionInput<A> {
  if (action !== 'register' || typeof input !== 'object' || input === null)
    return input
  const i = input as TransitionInput<'register'>
  if (i.dueAt !== undefined && i.dueAt !== null)
    return input
  const code = typeof i.categoryCode === 'string' ? i.categoryCode.trim() : record.categoryCode
  // An unknown code is left for the input check to refuse with its own message.
  return isCategoryCode(code) ? { ...i, dueAt: defaultDueAt(code, now, CN_TOWNSHIP_CALENDAR) } as unknown as TransitionInput<A> : input
}

/** What the database's foreign keys would refuse: units, people and cases that do not exist. */
function checkReferences(ix: ViewerIndex, event: CaseEvent): void {
  const p = event.payload as Partial<EventPayloads['dispatch'] & EventPayloads['assign'] & EventPayloads['cancel']>
  const units = [...(p.leadUnitId !== undefined ? [p.leadUnitId] : []), ...(event.action === 'dispatch' ? p.coUnitIds ?? [] : [])]
  const unknownUnit = units.find(u => !isUnitId(u))
  if (unknownUnit !== undefined && event.action === 'dispatch')
    throw new DataError('invalid', `Cannot dispatch case ${event.caseId}: "${unknownUnit}" is not a known handling unit`, { code: 'invalid_input', action: event.action, field: unknownUnit === p.leadUnitId ? 'leadUnitId' : 'coUnitIds' })
  if ((event.action === 'dispatch' || event.action === 'assign') && p.assigneeId && !ix.knownPeople.has(p.assigneeId))
    throw new DataError('invalid', `Cannot ${event.action} case ${event.caseId}: "${p.assigneeId}" is not a member of staff you may assign this case to`, { code: 'invalid_input', action: event.action, field: 'assigneeId' })
  if (event.action === 'cancel' && p.duplicateOfId) {
    if (p.duplicateOfId === event.caseId)
      throw new DataError('invalid', `Cannot cancel case ${event.caseId}: a case cannot duplicate itself`, { code: 'invalid_input', action: event.action, field: 'duplicateOfId' })
    if (!visibleCase(ix, p.duplicateOfId))
      throw new DataError('invalid', `Cannot cancel case ${event.caseId}: the case it duplicates (${p.duplicateOfId}) does not exist or is not visible to you`, { code: 'invalid_input', action: event.action, field: 'duplicateOfId' })
  }
}

/**
 * The photos a new case may take: each an upload of the viewer that no case holds yet, listed
 * once; one message for every reason, as create_case gives.
 */
function checkClaimablePhotos(ix: ViewerIndex, photoIds: readonly string[], viewerId: string): void {
  photoIds.forEach((id, i) => {
    const field = `photoIds[${i}]`
    if (photoIds.indexOf(id) < i)
      throw caseInputDataError(new CaseInputError(field, 'invalid', `"${id}" is listed twice`))
    const photo = ix.store.photos.get(id)
    if (!photo || photo.uploaderId !== viewerId || photo.caseId !== null)
      throw caseInputDataError(new CaseInputError(field, 'invalid', `"${id}" is not a photo you uploaded that waits for its case (upload it first; a photo belongs to one case)`))
  })
}

/** How often one person may remind one case (private.remind_interval() in the database). */
export const REMIND_INTERVAL_MS = 3_600_000

/** Refuses a reminder within REMIND_INTERVAL_MS of the same person's last one, saying when the next may be sent. */
function checkRemindRate(log: readonly CaseEvent[], event: CaseEvent, now: Millis): void {
  const last = log.filter(e => e.action === 'remind' && e.actorId === event.actorId && e.at > now - REMIND_INTERVAL_MS).at(-1)
  if (!last)
    return
  const retryAt = last.at + REMIND_INTERVAL_MS
  throw new DataError('invalid', `Cannot remind case ${event.caseId}: you reminded it at ${new Date(last.at).toISOString()}; you may remind it again from ${new Date(retryAt).toISOString()} (once an hour)`, { code: 'precondition_failed', action: 'remind', status: event.from, reason: 'rate_limited', retryAt })
}

/** The DataError a domain refusal becomes: bad input and impossible moves are 'invalid', rights 'forbidden', a stale version 'conflict'. */
export function toDataError(e: unknown): DataError {
  if (e instanceof DataError)
    return e
  if (e instanceof CaseTransitionError) {
    const kind = e.code === 'stale_version' ? 'conflict' : e.code === 'not_permitted' ? 'forbidden' : 'invalid'
    return new DataError(kind, e.message, { code: e.code, action: e.action, status: e.status, field: e.field })
  }
  if (e instanceof CaseInputError)
    return caseInputDataError(e)
  return asDataError(e)
}

function eventsOf(ix: ViewerIndex, record: CaseRecord): CaseEvent[] {
  let log = ix.store.events.get(record.id)
  if (!log) {
    log = seedEvents(ix.data, ix.byId, record)
    ix.store.events.set(record.id, log)
  }
  return log
}

const HOUR = 3_600_000
const OPEN_DONE: readonly CaseStatus[] = ['in_progress', 'reported_back', 'returned', 'closed']

const RESULT_TEXT: Record<CaseOutcome, string> = {
  resolved: '已现场处置完毕，问题已解决。',
  mediated: '经组织双方调解，达成一致意见。',
  unresolvable: '经多次协调，暂无法解决，已向当事人说明情况。',
  referred: '已引导当事人通过诉讼等法定途径解决。',
}

const ROLE_OF_STAFF: Record<StaffRole, Role> = {
  commander: 'township_commander',
  chief: 'village_chief',
  worker: 'grid_worker',
  helper: 'grid_worker',
}

const ESCALATION_REASON = '村级调处未果，提请上级综治中心协调。'

interface Who {
  id: string
  role: Role
}

/**
 * A plausible history for a generated case, reconstructed from its timestamps, so the timeline of
 * an old case is not empty. Versions count up to the record's version, so a transition made now
 * continues the log without a gap in the numbering at its end.
 */
function seedEvents(data: DemoDataset, byId: ReadonlyMap<string, Grid>, c: CaseRecord): CaseEvent[] {
  const village = ancestorAtLevel(byId, c.gridId, 2)
  const commander = data.staff.find(s => s.role === 'commander')
  const centre = (level: EscalationLevel): Who => level === 0 && village?.chiefId
    ? { id: village.chiefId, role: 'village_chief' }
    : level <= 1 && commander
      ? { id: commander.id, role: 'township_commander' }
      : { id: DEMO_USERS.countyAdmin, role: 'county_admin' }
  const assignee = c.assigneeId === null ? undefined : data.staff.find(s => s.id === c.assigneeId)
  const handler: Who = assignee ? { id: assignee.id, role: ROLE_OF_STAFF[assignee.role] } : centre(c.escalationLevel)
  const drafts: Array<{ action: CaseAction, at: Millis, who: Who, to: CaseStatus | null, payload: EventPayloads[CaseAction] }> = []
  const push = <A extends CaseAction>(action: A, at: Millis, who: Who, to: CaseStatus | null, payload: EventPayloads[A]): void => {
    drafts.push({ action, at, who, to, payload })
  }
  const level0 = initialEscalationLevel(c.urgent)
  const end = c.closedAt ?? c.reportedBackAt ?? Math.max(c.dispatchedAt ?? c.reportedAt, c.registeredAt ?? c.reportedAt) + 2 * HOUR
  if (c.registeredAt !== null)
    push('register', c.registeredAt, centre(level0), 'registered', { categoryCode: c.categoryCode, dueAt: c.dueAt, note: null })
  if (c.status === 'cancelled') {
    push('cancel', (c.registeredAt ?? c.reportedAt) + HOUR, centre(level0), 'cancelled', { kind: 'invalid', reason: '经核实，所报情况不属实。', duplicateOfId: null })
  }
  else if (c.dispatchedAt !== null && c.leadUnitId !== null) {
    // Escalations the higher centre has taken over happen before dispatch (the village could not
    // handle it, the township takes it on and dispatches); one still waiting upstairs happens after.
    // That is also the shortest path the machine allows, so the log fits the record's version.
    const steps = c.escalationLevel - level0
    const waiting = c.status === 'escalated' ? 1 : 0
    const registeredAt = c.registeredAt ?? c.reportedAt
    for (let k = 1; k <= steps - waiting; k++) {
      const at = registeredAt + (c.dispatchedAt - registeredAt) * k / (steps - waiting + 1)
      const fromLevel = (level0 + k - 1) as EscalationLevel
      const toLevel = (level0 + k) as EscalationLevel
      push('escalate', at, centre(fromLevel), 'escalated', { reason: ESCALATION_REASON, fromLevel, toLevel })
      push('accept_escalation', at, centre(toLevel), 'registered', { level: toLevel, dueAt: c.dueAt, note: null })
    }
    const level = (c.escalationLevel - waiting) as EscalationLevel
    push('dispatch', c.dispatchedAt, centre(level), 'dispatched', { leadUnitId: c.leadUnitId, coUnitIds: [], assigneeId: c.assigneeId, dueAt: c.dueAt, note: null })
    if (waiting === 1)
      push('escalate', (c.dispatchedAt + end) / 2, centre(level), 'escalated', { reason: ESCALATION_REASON, fromLevel: level, toLevel: c.escalationLevel })
    if (OPEN_DONE.includes(c.status)) {
      const acceptedAt = c.dispatchedAt + Math.min(2 * HOUR, ((c.reportedBackAt ?? end) - c.dispatchedAt) * 0.1)
      push('accept', acceptedAt, handler, 'in_progress', { assigneeId: handler.id, note: null })
    }
    if (c.reportedBackAt !== null) {
      const outcome = c.outcome ?? 'resolved'
      push('report_back', c.reportedBackAt, handler, 'reported_back', { unitId: c.leadUnitId, resultText: RESULT_TEXT[outcome], outcome })
      if (c.status === 'returned')
        push('return_for_rework', c.reportedBackAt + HOUR, centre(c.escalationLevel), 'returned', { reason: '处置情况说明不完整，请补充现场照片和当事人意见。', coUnitIds: [] })
    }
    if (c.status === 'closed' && c.closedAt !== null)
      push('verify_close', c.closedAt, centre(c.escalationLevel), 'closed', { callBack: { method: 'phone', satisfaction: 'satisfied', note: null }, outcome: c.outcome, note: null })
  }
  if (c.supervised && c.status !== 'cancelled') {
    const late = c.dueAt < end
    const at = late ? c.dueAt : (c.registeredAt ?? c.reportedAt) + HOUR / 4
    const commanderWho: Who = commander ? { id: commander.id, role: 'township_commander' } : centre(2)
    push('supervise', at, commanderWho, null, { reason: late ? '超过办理时限仍未办结，列入督办。' : '涉及群众切身利益，挂牌督办。' })
  }
  // Stable order by time; a supervision keeps the status it found.
  const ordered = drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.at - b.d.at || a.i - b.i).map(x => x.d)
  const n = ordered.length
  let status: CaseStatus = 'reported'
  return ordered.map((d, i) => {
    const from = status
    status = d.to ?? status
    return {
      caseId: c.id,
      action: d.action,
      from,
      to: status,
      actorId: d.who.id,
      actorRole: d.who.role,
      at: d.at,
      version: Math.max(i + 2, c.version - (n - 1 - i)),
      payload: d.payload,
    } as CaseEvent
  })
}

function ancestorAtLevel(byId: ReadonlyMap<string, Grid>, gridId: string, level: number): Grid | null {
  let g = byId.get(gridId)
  while (g && g.level > level)
    g = g.parentId ? byId.get(g.parentId) : undefined
  return g && g.level === level ? g : null
}
