import { describe, expect, it } from 'vitest'
import en from './locales/en.json'
import zhCN from './locales/zh-CN.json'

interface Tree { [k: string]: string | Tree }

function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`))
}

function assertSorted(t: Tree, path = ''): void {
  const own = Object.keys(t)
  expect(own, `keys under "${path}" are sorted`).toEqual([...own].sort())
  for (const [k, v] of Object.entries(t)) {
    if (typeof v !== 'string')
      assertSorted(v, `${path}${k}.`)
  }
}

describe('locales', () => {
  it('english is complete: same keys as zh-CN', () => {
    expect(keys(en)).toEqual(keys(zhCN))
  })

  it('keys are sorted at every level', () => {
    assertSorted(zhCN)
    assertSorted(en)
  })

  it('no message is empty', () => {
    for (const tree of [zhCN, en]) {
      for (const k of keys(tree))
        expect(k.split('.').reduce<Tree | string>((t, p) => (t as Tree)[p]!, tree), k).not.toBe('')
    }
  })
})
