import { useI18n } from 'vue-i18n'
import { usePlanner } from '~/composables/usePlanner'

/** A patrol hot spot's name as the plan map numbers it ("热点 3"); its cell id only if it is not one of the grid's. */
export function useSpotName(): (id: string) => string {
  const { t } = useI18n()
  const ranks = usePlanner().spotRank
  return (id) => {
    const n = ranks.value.get(id)
    return n === undefined ? id : t('plan.spotName', { n })
  }
}
