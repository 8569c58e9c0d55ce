import type { SitingReply } from './protocol'
import { describe, expect, it } from 'vitest'
import { randomInstance } from './__fixtures__/randomInstance'
import { handleSitingRequest } from './handler'

describe('handleSitingRequest', () => {
  it('posts greedy first, then checked incumbents and progress with bound ≥ incumbent, then the exact answer', async () => {
    const replies: SitingReply[] = []
    await handleSitingRequest({ type: 'solve', id: 7, instance: randomInstance(11, 30, 200, 10), problem: { kind: 'budget', budget: 5 } }, r => replies.push(r))
    expect(replies.every(r => r.id === 7)).toBe(true)
    expect(replies[0]!.type).toBe('greedy')
    expect(replies.at(-1)!.type).toBe('exact')
    const greedy = replies[0]!.type === 'greedy' ? replies[0]!.answer : null
    const incumbents = replies.flatMap(r => (r.type === 'incumbent' ? [r.objective] : []))
    expect(incumbents[0]).toBe(greedy!.objective)
    expect(incumbents).toEqual([...incumbents].sort((a, b) => a - b))
    const progress = replies.flatMap(r => (r.type === 'progress' ? [r.progress] : []))
    expect(progress.length).toBeGreaterThan(0)
    for (const p of progress) {
      if (p.bound !== null && p.incumbent !== null)
        expect(p.bound).toBeGreaterThanOrEqual(p.incumbent - 1e-9)
    }
    const last = replies.at(-1)!
    if (last.type !== 'exact')
      throw new Error('no exact answer')
    expect(last.result.status).toBe('optimal')
    expect(last.answer!.objective).toBe(last.result.objective)
    expect(last.answer!.objective).toBeGreaterThan(greedy!.objective)
    expect(last.answer!.picks.map(p => p.gain)).toEqual([...last.answer!.picks.map(p => p.gain)].sort((a, b) => b - a))
  }, 20_000)

  it('answers a cover with the greedy count and what it leaves unseen, then the proven minimum', async () => {
    const replies: SitingReply[] = []
    const instance = { weights: [1, 1, 1], sites: [{ id: 'X', options: [{ id: 'X1', covers: [0, 1] }, { id: 'X2', covers: [2] }] }, { id: 'Y', options: [{ id: 'Y1', covers: [0] }] }, { id: 'Z', options: [{ id: 'Z1', covers: [1] }] }] }
    await handleSitingRequest({ type: 'solve', id: 1, instance, problem: { kind: 'cover', required: [0, 1, 2] } }, r => replies.push(r))
    const greedy = replies.find(r => r.type === 'greedy')
    expect(greedy?.type === 'greedy' && greedy.answer).toMatchObject({ objective: 1, unseen: [2] })
    const exact = replies.find(r => r.type === 'exact')
    expect(exact?.type === 'exact' && exact.result).toMatchObject({ status: 'optimal', objective: 3 })
  })
})
