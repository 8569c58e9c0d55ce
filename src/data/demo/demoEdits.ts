// The demo's edits kept in the browser (issue 15, "Demo edits survive a reload"), so a visitor can
// walk the case loop across several sittings. What is kept is what the visitor changed: each case
// they reported or moved (the whole record and its whole log, so it reads the same whichever
// township the next load generates), its reporter contact and photos, and the notices each demo
// login has opened. The generated township is not kept: it is made again from its seed.
//
// Kept in IndexedDB, one entry per case (a case written again replaces its entry), within limits
// (KEPT_CASES_MAX cases, KEPT_PHOTO_BYTES_MAX of photos): beyond them an edit stays for this
// visit only and the console says so once. "Reset the demo" clears it all.
import type { CaseContact } from '../CaseLoopSource'
import type { DemoDataset } from '~/demo'
import type { CaseEvent } from '~/domain/caseLoop'
import type { CaseRecord, Millis } from '~/domain/types'
import { idbStore } from './idbStore'

/** One case as kept: the record after the visitor's last write, its log, and its reporter contact. */
export interface KeptCase {
  record: CaseRecord
  events: CaseEvent[]
  contact: CaseContact | null
}

/** A photo attached to a kept case. */
export interface KeptPhoto {
  id: string
  blob: Blob
  uploaderId: string
  uploadedAt: Millis
  caseId: string
}

/** Everything kept. */
export interface KeptEdits {
  cases: KeptCase[]
  photos: KeptPhoto[]
  /** Notice ids each demo login has opened. */
  reads: Array<{ viewerId: string, noticeIds: string[] }>
}

/** Where the edits are kept: IndexedDB in the browser, memory in tests. */
export interface EditShelf {
  load: () => Promise<KeptEdits>
  putCase: (c: KeptCase) => Promise<void>
  putPhoto: (p: KeptPhoto) => Promise<void>
  putReads: (viewerId: string, noticeIds: string[]) => Promise<void>
  clear: () => Promise<void>
}

/** The most cases kept; a visitor's walk touches tens, this leaves room and bounds the store. */
export const KEPT_CASES_MAX = 2000
/** The most photo bytes kept (phone photos are scaled to under 5 MiB each). */
export const KEPT_PHOTO_BYTES_MAX = 25 * 1024 * 1024

type Entry
  = | { key: string, kind: 'case', value: KeptCase }
    | { key: string, kind: 'photo', value: KeptPhoto }
    | { key: string, kind: 'reads', value: { viewerId: string, noticeIds: string[] } }

function fromEntries(entries: readonly Entry[]): KeptEdits {
  const out: KeptEdits = { cases: [], photos: [], reads: [] }
  for (const e of entries) {
    if (e.kind === 'case')
      out.cases.push(e.value)
    else if (e.kind === 'photo')
      out.photos.push(e.value)
    else if (e.kind === 'reads')
      out.reads.push(e.value)
  }
  return out
}

/** The shelf in IndexedDB (its own database, so neither the territory's nor the scenarios' schema moves it). */
export function indexedDbEditShelf(db = 'pingan-grid-demo-edits'): EditShelf {
  const run = idbStore(db, 'edits', { keyPath: 'key' })
  const put = async (entry: Entry): Promise<void> => {
    await run('readwrite', s => s.put(entry))
  }
  return {
    load: async () => fromEntries(await run('readonly', s => s.getAll() as IDBRequest<Entry[]>)),
    putCase: c => put({ key: `case:${c.record.id}`, kind: 'case', value: c }),
    putPhoto: p => put({ key: `photo:${p.id}`, kind: 'photo', value: p }),
    putReads: (viewerId, noticeIds) => put({ key: `reads:${viewerId}`, kind: 'reads', value: { viewerId, noticeIds } }),
    clear: async () => {
      await run('readwrite', s => s.clear())
    },
  }
}

/** A shelf in memory (tests; a browser without IndexedDB keeps edits for the visit only). */
export function memoryEditShelf(): EditShelf & { entries: Map<string, Entry> } {
  const entries = new Map<string, Entry>()
  // Stored as clones, as IndexedDB stores them: a later change to the live object is not kept by accident.
  const put = async (entry: Entry): Promise<void> => {
    entries.set(entry.key, structuredClone(entry))
  }
  return {
    entries,
    load: async () => fromEntries(structuredClone([...entries.values()])),
    putCase: c => put({ key: `case:${c.record.id}`, kind: 'case', value: c }),
    putPhoto: p => put({ key: `photo:${p.id}`, kind: 'photo', value: p }),
    putReads: (viewerId, noticeIds) => put({ key: `reads:${viewerId}`, kind: 'reads', value: { viewerId, noticeIds } }),
    clear: async () => entries.clear(),
  }
}

/** What the case loop's store starts from and writes to, per dataset. */
export interface DemoKeeping {
  shelf: EditShelf
  /** What was restored into the dataset (cases already in `cases`), for the case loop's store to pick up. */
  restored: KeptEdits
}

const keeping = new WeakMap<DemoDataset, DemoKeeping>()

/**
 * Puts the kept edits back into a freshly generated dataset (before anyone reads it) and names the
 * shelf its later edits go to. A kept case whose grid the territory no longer has (another
 * territory was imported) is left out. A shelf that cannot be read starts the demo afresh.
 */
export async function restoreDemoEdits<D extends DemoDataset>(data: D, shelf: EditShelf): Promise<D> {
  let kept: KeptEdits
  try {
    kept = await shelf.load()
  }
  catch (e) {
    console.warn(`demo edits could not be read, starting afresh: ${e instanceof Error ? e.message : String(e)}`)
    kept = { cases: [], photos: [], reads: [] }
  }
  const grids = new Set(data.grids.map(g => g.id))
  const at = new Map(data.cases.map((c, i) => [c.id, i]))
  const cases = kept.cases.filter(c => grids.has(c.record.gridId))
  // Reported during a sitting: after the generated ones, oldest first, as the dataset keeps cases.
  const added: CaseRecord[] = []
  for (const { record } of cases) {
    const i = at.get(record.id)
    if (i === undefined)
      added.push(record)
    else
      data.cases[i] = record
  }
  data.cases.push(...added.sort((a, b) => a.reportedAt - b.reportedAt))
  const ids = new Set(cases.map(c => c.record.id))
  keeping.set(data, { shelf, restored: { cases, photos: kept.photos.filter(p => ids.has(p.caseId)), reads: kept.reads } })
  return data
}

/** The keeping of a dataset, when restoreDemoEdits set it up (none in tests that build a dataset directly). */
export function demoKeepingOf(data: DemoDataset): DemoKeeping | undefined {
  return keeping.get(data)
}

/** Forgets every kept edit ("reset the demo"); the page reloads afterwards to generate the township afresh. */
export async function clearDemoEdits(shelf: EditShelf): Promise<void> {
  await shelf.clear()
}

/**
 * Writes to a shelf one after another, within the limits, each failure warned once and never
 * thrown: keeping is a convenience, the edit itself has been made.
 */
export function createKeeper(shelf: EditShelf, restored: KeptEdits) {
  let queue: Promise<void> = Promise.resolve()
  const cases = new Set(restored.cases.map(c => c.record.id))
  let photoBytes = restored.photos.reduce((n, p) => n + p.blob.size, 0)
  const warned = new Set<string>()
  const warnOnce = (what: string, message: string): void => {
    if (!warned.has(what)) {
      warned.add(what)
      console.warn(message)
    }
  }
  const enqueue = (write: () => Promise<void>): void => {
    queue = queue.then(write).catch((e: unknown) => warnOnce('write', `a demo edit could not be kept in this browser (it stays for this visit): ${e instanceof Error ? e.message : String(e)}`))
  }
  return {
    case(c: KeptCase): void {
      if (!cases.has(c.record.id) && cases.size >= KEPT_CASES_MAX) {
        warnOnce('cases', `the demo keeps at most ${KEPT_CASES_MAX} edited cases in this browser; later ones stay for this visit only`)
        return
      }
      cases.add(c.record.id)
      // A snapshot now: the live log grows with the next write, which queues its own.
      const snapshot: KeptCase = { record: c.record, events: [...c.events], contact: c.contact && { ...c.contact } }
      enqueue(() => shelf.putCase(snapshot))
    },
    photo(p: KeptPhoto): void {
      if (photoBytes + p.blob.size > KEPT_PHOTO_BYTES_MAX) {
        warnOnce('photos', `the demo keeps at most ${KEPT_PHOTO_BYTES_MAX / 1024 / 1024} MiB of photos in this browser; later ones stay for this visit only`)
        return
      }
      photoBytes += p.blob.size
      enqueue(() => shelf.putPhoto(p))
    },
    reads(viewerId: string, noticeIds: string[]): void {
      enqueue(() => shelf.putReads(viewerId, [...noticeIds]))
    },
    /** Resolves once everything queued so far is written (tests). */
    flushed: (): Promise<void> => queue,
  }
}

/** A keeper of one shelf. */
export type DemoKeeper = ReturnType<typeof createKeeper>
