// What the /wall page shows on the app's one map: set by the page while it is mounted, drawn by
// the wall's map features (route meta mapFeatures, inside the map stage, a sibling of the page).
// The page hands over its computed refs once; the map features read them, so nothing is copied.
import type { Ref } from 'vue'
import type { WallPulse } from './useWallData'
import type { Classification } from '~/domain/colorClasses'
import type { CaseRecord, Grid, Millis } from '~/domain/types'
import type { WallView } from '~/map/features/WallCamera.vue'
import { shallowRef } from 'vue'

export interface WallScene {
  grids: Readonly<Ref<readonly Grid[]>>
  /** The grid in focus (the territory, or the carousel's stop) and whether it has children. */
  focus: Readonly<Ref<Grid | undefined>>
  hasChildren: Readonly<Ref<boolean>>
  values: Readonly<Ref<ReadonlyMap<string, number | null>>>
  classification: Readonly<Ref<Classification>>
  locale: Readonly<Ref<string>>
  /** Grid label size, screen px (the design grid's 22 px, scaled). */
  labelSize: Readonly<Ref<number>>
  openCases: Readonly<Ref<readonly CaseRecord[]>>
  minute: Readonly<Ref<Millis>>
  pulses: Readonly<Ref<readonly WallPulse[]>>
  view: Readonly<Ref<WallView | null>>
  /** Screen pixels the wall's panels cover on each side. */
  padding: Readonly<Ref<{ top: number, right: number, bottom: number, left: number }>>
}

const scene = shallowRef<WallScene | null>(null)

/** The wall's scene, shared between the page (which sets it) and its map features. */
export function useWallScene() {
  return scene
}
