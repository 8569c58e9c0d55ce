// What the scenario panel offers after a refusal, decided by the data layer's structured code and
// never by the wording of the message (which is the server's, and may be translated or reworded).
import { DataError } from '~/data'

/** 'rebase': the real set moved since the scenario was drawn; 'reopen': someone saved a newer version. */
export type ScenarioRemedy = 'rebase' | 'reopen' | null

export function scenarioRemedy(e: unknown): ScenarioRemedy {
  if (!(e instanceof DataError) || e.kind !== 'conflict')
    return null
  const code = e.detail?.code
  return code === 'stale_base' ? 'rebase' : code === 'stale_version' ? 'reopen' : null
}
