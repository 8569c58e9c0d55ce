import type { FeedEntry } from './feed'
import type { CaseRecord } from '~/domain/types'
import { describe, expect, it } from 'vitest'
import { feedEntry, lastStepAt, pushFeed, seedFeed } from './feed'

function mk(id: string, version: number, at: number, over: Partial<CaseRecord> = {}): CaseRecord {
  return { id, version, reportedAt: at, registeredAt: null, dispatchedAt: null, reportedBackAt: null, closedAt: null, status: 'reported', urgent: false, ...over } as CaseRecord
}

describe('the running list', () => {
  it('dates an entry by the case\'s latest step', () => {
    expect(lastStepAt(mk('a', 3, 100, { registeredAt: 150, dispatchedAt: 400, closedAt: null }))).toBe(400)
  })
  it('starts with the most recently active cases, newest first, none from the future', () => {
    const seed = seedFeed([mk('a', 1, 100), mk('b', 1, 300), mk('c', 1, 200), mk('d', 1, 900)], 500, 2)
    expect(seed.map(e => e.key)).toEqual(['b:1', 'c:1'])
    expect(seed.every(e => e.seenAt === null)).toBe(true)
  })
  it('lists a change once however often it is heard (a notice, then a catch-up after a reconnect)', () => {
    let feed: readonly FeedEntry[] = seedFeed([mk('a', 1, 100)], 1000, 10)
    const change = feedEntry(mk('a', 2, 100, { registeredAt: 200, status: 'registered' }), 1000)
    feed = pushFeed(feed, [change], 10)
    const again = pushFeed(feed, [feedEntry(mk('a', 2, 100, { registeredAt: 200, status: 'registered' }), 2000)], 10)
    expect(again).toBe(feed)
    expect(feed.map(e => e.key)).toEqual(['a:2', 'a:1'])
  })
  it('ignores an older version arriving after a newer one, keeps the newest within the limit', () => {
    let feed = pushFeed([], [feedEntry(mk('a', 3, 300), 1)], 2)
    feed = pushFeed(feed, [feedEntry(mk('a', 2, 200), 2)], 2)
    expect(feed.map(e => e.key)).toEqual(['a:3'])
    feed = pushFeed(feed, [feedEntry(mk('b', 1, 400), 3), feedEntry(mk('c', 1, 500), 3)], 2)
    expect(feed.map(e => e.key)).toEqual(['c:1', 'b:1'])
  })
})
