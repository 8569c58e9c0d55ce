import { describe, expect, it } from 'vitest'
import { MinHeap } from './heap'
import { seededRandom } from './random'

describe('minHeap', () => {
  it('pops values in key order, growing past its initial capacity', () => {
    const rnd = seededRandom(7)
    const heap = new MinHeap()
    const keys = Array.from({ length: 500 }, () => Math.floor(rnd() * 100))
    keys.forEach((k, i) => heap.push(k, i))
    expect(heap.size).toBe(500)
    const popped: number[] = []
    while (heap.size > 0) {
      const top = heap.peekKey()
      const key = keys[heap.pop()]!
      expect(key).toBe(top)
      popped.push(key)
    }
    expect(popped).toEqual([...keys].sort((a, b) => a - b))
  })

  it('refuses to pop when empty', () => {
    const heap = new MinHeap()
    expect(heap.peekKey()).toBeUndefined()
    expect(() => heap.pop()).toThrow(/empty heap/)
  })
})
