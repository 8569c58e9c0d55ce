import type { Ref } from 'vue'
import { onScopeDispose, ref } from 'vue'
import { useSession } from '~/stores/session'

/**
 * The data layer's "now", ticking every `intervalMs`: the 15-minute countdown of urgent cases
 * counts down on screen, and due-soon flags turn without a reload.
 */
export function useCaseClock(intervalMs = 1000): Readonly<Ref<number>> {
  const session = useSession()
  const now = ref(session.dataSource.now())
  const timer = setInterval(() => {
    now.value = session.dataSource.now()
  }, intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
