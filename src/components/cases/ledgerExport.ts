// Who may put a case's reporter contact into an export: the handlers of the case, by the same rule
// the data layer applies to reading it (access.ts canReadReporterContact) — its assignee, or a
// centre at the case's level or above over its grid. The data layer still decides per case.
import type { Actor } from '~/domain/caseLoop'
import type { CaseRecord } from '~/domain/types'
import { CENTRE_ROLE_BY_LEVEL } from '~/domain/caseLoop'

/** True when the actor handles the case (and so may ask for its contact). */
export function handlesCase(actor: Actor, c: Pick<CaseRecord, 'assigneeId' | 'escalationLevel'>, gridPath: readonly string[]): boolean {
  if (c.assigneeId !== null && c.assigneeId === actor.userId)
    return true
  return actor.memberships.some(m => CENTRE_ROLE_BY_LEVEL.indexOf(m.role) >= c.escalationLevel && gridPath.includes(m.gridId))
}

/** Runs `fn` over `items` with at most `limit` calls in flight, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>, onProgress?: (done: number) => void): Promise<R[]> {
  const out: R[] = Array.from({ length: items.length })
  let next = 0
  let done = 0
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!, i)
      onProgress?.(++done)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
