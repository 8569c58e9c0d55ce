import { describe, expect, it } from 'vitest'
import { formatFigure } from './format'

describe('formatFigure', () => {
  it('shows shares as percentages, differences in signed points, blind area in m²', () => {
    expect(formatFigure('eitherArea', 0.6123)).toBe('61.2 %')
    expect(formatFigure('eitherArea', 0.021, true)).toBe('+2.1 pp')
    expect(formatFigure('eitherArea', -0.021, true)).toBe('-2.1 pp')
    expect(formatFigure('blindM2', 12345.6)).toBe('12,346 m²')
    expect(formatFigure('blindM2', -800, true)).toBe('-800 m²')
    expect(formatFigure('riskCovered', null)).toBe('—')
  })
})
