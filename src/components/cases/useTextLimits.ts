import { watch } from 'vue'
import { clipText } from '~/domain/caseLoop'

/**
 * Keeps the named fields of a reactive form within their limits as the user types or pastes:
 * the watcher runs before the render, so the input shows the clipped text and the counter beside
 * it never reads more than the limit.
 */
export function useTextLimits<F extends object>(form: F, limits: Partial<Record<keyof F & string, number>>): void {
  for (const [field, limit] of Object.entries(limits) as Array<[keyof F & string, number]>) {
    watch(() => (form as Record<string, unknown>)[field], (value) => {
      if (typeof value === 'string') {
        const clipped = clipText(value, limit)
        if (clipped !== value)
          (form as Record<string, unknown>)[field] = clipped
      }
    })
  }
}
