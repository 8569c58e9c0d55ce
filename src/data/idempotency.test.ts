import { describe, expect, it } from 'vitest'
import { canonicalJson, createSendKeys, newIdempotencyKey } from './idempotency'

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null, e: undefined } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}')
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }))
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }))
  })
})

describe('createSendKeys', () => {
  it('one key per action: the same on a retry of the same request, a new one for another request or after it applied', () => {
    let n = 0
    const keys = createSendKeys(() => `k${++n}`)
    const first = keys.keyFor({ action: 'accept', input: { note: null, expectedVersion: 3 } })
    expect(keys.keyFor({ input: { expectedVersion: 3, note: null }, action: 'accept' })).toBe(first)
    const other = keys.keyFor({ action: 'accept', input: { note: '到场', expectedVersion: 3 } })
    expect(other).not.toBe(first)
    keys.done()
    expect(keys.keyFor({ action: 'accept', input: { note: '到场', expectedVersion: 3 } })).not.toBe(other)
  })

  it('makes uuids', () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
