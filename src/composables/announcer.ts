// What a screen reader hears of the app's banners: one polite and one assertive live region,
// always in the page (LiveRegions.vue), so a message is announced when it is written. A region
// that appears together with its text (a v-if banner with role=status) is often not read at all.
import { nextTick, ref } from 'vue'

/** polite: success and progress (said after what is being read); assertive: a refusal that blocks the user. */
export type Politeness = 'polite' | 'assertive'

const regions = { polite: ref(''), assertive: ref('') }

/** The live regions' current text (read by LiveRegions.vue). */
export const liveText = { polite: regions.polite, assertive: regions.assertive } as const

/**
 * Says `text` through the live region of `politeness`. The region is emptied first, so the same
 * message said twice (a second refused send) is announced twice.
 */
export async function announce(text: string, politeness: Politeness = 'polite'): Promise<void> {
  const region = regions[politeness]
  region.value = ''
  await nextTick()
  region.value = text
}
