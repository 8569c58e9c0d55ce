// A refused send said once, assertively, for a screen reader: how many problems and each in the
// words the form shows beside its field (one summary, not one alert per field at once).
import type { Problem } from './problems'
import { useI18n } from 'vue-i18n'
import { announce } from '~/composables/announcer'
import { problemText } from './problems'

/** Returns a function that announces a list of problems; call it in a component's setup. */
export function useAnnounceProblems(): (problems: readonly Problem[]) => void {
  const { t } = useI18n()
  return (problems) => {
    if (problems.length === 0)
      return
    const list = problems.map((p) => {
      const text = problemText(p)
      return p.explained ? `${t(text.key, text.params)} ${p.message}` : t(text.key, text.params)
    })
    void announce(list.length === 1 ? list[0]! : t('caseProblem.summary', { n: list.length, list: list.join('；') }), 'assertive')
  }
}
