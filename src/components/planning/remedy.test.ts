import { describe, expect, it } from 'vitest'
import { DataError } from '~/data'
import { scenarioRemedy } from './remedy'

describe('scenarioRemedy', () => {
  it('offers a rebase for a stale base and a reopen for a stale version, by code alone', () => {
    expect(scenarioRemedy(new DataError('conflict', 'anything at all', { code: 'stale_base' }))).toBe('rebase')
    expect(scenarioRemedy(new DataError('conflict', 'anything at all', { code: 'stale_version' }))).toBe('reopen')
  })
  it('does not read the message: "stale" in the text without the code offers nothing', () => {
    expect(scenarioRemedy(new DataError('conflict', 'its base is stale'))).toBeNull()
    expect(scenarioRemedy(new Error('its base is stale'))).toBeNull()
    expect(scenarioRemedy(new DataError('conflict', 'x', { code: 'already_applied' }))).toBeNull()
    expect(scenarioRemedy(new DataError('forbidden', 'x', { code: 'stale_base' }))).toBeNull()
  })
})
