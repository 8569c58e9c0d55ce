import { describe, expect, it } from 'vitest'
import { CATEGORY_TREE, getCategory, getMajorCategory, isCategoryCode, listMajors, listSubcategories, UnknownCategoryError } from './categories'
import { isUnitId } from './units'

describe('category tree', () => {
  it('has two-digit majors and four-digit subcategories under their major, all unique', () => {
    const majors = listMajors().map(m => m.code)
    expect(new Set(majors).size).toBe(majors.length)
    expect([...majors].sort()).toEqual(majors)
    const subs = listSubcategories()
    expect(new Set(subs.map(s => s.code)).size).toBe(subs.length)
    for (const m of CATEGORY_TREE) {
      expect(m.code).toMatch(/^\d{2}$/)
      expect(m.subcategories.length).toBeGreaterThan(0)
      for (const s of m.subcategories) {
        expect(s.code).toMatch(new RegExp(`^${m.code}\\d{2}$`))
        expect(s.majorCode).toBe(m.code)
      }
    }
  })

  it('gives every subcategory names, a positive whole deadline and a known default unit', () => {
    for (const s of listSubcategories()) {
      expect(s.name).toMatch(/[\u4E00-\u9FFF]/)
      expect(s.nameEn.length).toBeGreaterThan(3)
      expect(Number.isInteger(s.defaultDeadline.amount) && s.defaultDeadline.amount > 0).toBe(true)
      expect(['working_hours', 'working_days', 'clock_hours']).toContain(s.defaultDeadline.unit)
      expect(isUnitId(s.defaultUnitId)).toBe(true)
    }
  })

  it('covers the categories seen in practice', () => {
    const names = listSubcategories().map(s => s.name).join(' ')
    for (const word of ['邻里', '婚姻家庭', '土地', '劳资', '征地', '拆迁', '垃圾', '消防', '道路交通', '校园', '安全生产', '危险物品', '盗窃', '路灯', '供水', '信访', '群体性事件', '火灾'])
      expect(names).toContain(word)
    expect(listMajors().map(m => m.name)).toEqual(['矛盾纠纷', '征地拆迁', '环境卫生', '安全隐患', '治安问题', '基础设施', '信访诉求', '突发事件'])
  })

  it('counts disputes toward the resolution rate but not hazards or faults', () => {
    expect(listSubcategories('01').every(s => s.isDispute)).toBe(true)
    expect(listSubcategories('04').some(s => s.isDispute)).toBe(false)
    expect(listSubcategories('06').some(s => s.isDispute)).toBe(false)
  })

  it('marks emergencies urgent with deadlines in clock hours (24 hours a day)', () => {
    for (const s of listSubcategories('08')) {
      expect(s.urgentByDefault).toBe(true)
      expect(s.defaultDeadline.unit).toBe('clock_hours')
    }
    expect(listSubcategories().filter(s => s.defaultDeadline.unit === 'clock_hours').every(s => s.urgentByDefault)).toBe(true)
    expect(listSubcategories().filter(s => s.urgentByDefault).every(s => s.majorCode === '08')).toBe(true)
  })
})

describe('getCategory', () => {
  it('finds a subcategory', () => {
    expect(getCategory('0101')).toMatchObject({ name: '邻里纠纷', majorCode: '01', isDispute: true })
    expect(isCategoryCode('0101')).toBe(true)
    expect(getMajorCategory('08').name).toBe('突发事件')
  })

  it.each([
    ['01', /"01": this is a major category/],
    ['abc', /"abc": expected a four-digit subcategory code/],
    ['0998', /"0998": no major category 09/],
    ['0150', /"0150": major category 01 矛盾纠纷 has no subcategory 0150 \(known: 0101, 0102/],
  ])('refuses %j and says why', (code, message) => {
    expect(isCategoryCode(code)).toBe(false)
    expect(() => getCategory(code)).toThrow(UnknownCategoryError)
    expect(() => getCategory(code)).toThrow(message)
  })

  it('refuses an unknown major', () => {
    expect(() => getMajorCategory('42')).toThrow(/"42": no major category/)
    expect(() => listSubcategories('42')).toThrow(UnknownCategoryError)
  })
})
