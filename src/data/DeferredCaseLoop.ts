import type { CaseContact, CaseLoopSource, WriteOptions } from './CaseLoopSource'
import type { Actor, CaseAction, CaseEvent, CaseNotice, NewCaseInput, TransitionInput } from '~/domain/caseLoop'
import type { CaseRecord, Grid, LngLat } from '~/domain/types'

/**
 * A CaseLoopSource whose implementation (and with it the case-loop state machine) is loaded on the
 * first call, so the first screen does not download it. Every call waits for the same load.
 */
export class DeferredCaseLoop implements CaseLoopSource {
  private loaded: Promise<CaseLoopSource> | null = null

  constructor(private load: () => Promise<CaseLoopSource>) {}

  private get impl(): Promise<CaseLoopSource> {
    this.loaded ??= this.load()
    return this.loaded
  }

  actor = async (): Promise<Actor> => (await this.impl).actor()
  locateGrid = async (location: LngLat): Promise<Grid | null> => (await this.impl).locateGrid(location)
  getCase = async (caseId: string): Promise<CaseRecord | null> => (await this.impl).getCase(caseId)
  createCase = async (input: NewCaseInput, options?: WriteOptions): Promise<CaseRecord> => (await this.impl).createCase(input, options)
  transitionCase = async <A extends CaseAction>(caseId: string, action: A, input: TransitionInput<A>, options?: WriteOptions): Promise<CaseRecord> => (await this.impl).transitionCase(caseId, action, input, options)
  listCaseEvents = async (caseId: string): Promise<CaseEvent[]> => (await this.impl).listCaseEvents(caseId)
  getCaseContact = async (caseId: string): Promise<CaseContact | null> => (await this.impl).getCaseContact(caseId)
  uploadPhoto = async (file: Blob, name: string): Promise<string> => (await this.impl).uploadPhoto(file, name)
  photoUrl = async (photoId: string): Promise<string | null> => (await this.impl).photoUrl(photoId)
  listNotices = async (): Promise<CaseNotice[]> => (await this.impl).listNotices()
  markNoticeRead = async (noticeId: string): Promise<void> => (await this.impl).markNoticeRead(noticeId)
}
