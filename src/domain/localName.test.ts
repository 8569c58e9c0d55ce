import { describe, expect, it } from 'vitest'
import { localName, localNameKey } from './localName'

describe('localName', () => {
  const village = { name: '东岭村', nameEn: 'Dongling Village' }
  it('shows the Chinese name unless the interface is English', () => {
    expect(localName(village, 'zh-CN')).toBe('东岭村')
    expect(localName(village, 'en')).toBe('Dongling Village')
    expect(localName(village, 'en-GB')).toBe('Dongling Village')
    expect(localNameKey('zh-CN')).toBe('name')
    expect(localNameKey('en')).toBe('nameEn')
  })
})
