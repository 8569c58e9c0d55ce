// Whether a page's map tool (the planner placing or moving a camera) owns map clicks, so the map
// stage does not also drill into the grid under the click. The case loop's pick has its own flag.
import { shallowRef } from 'vue'

const active = shallowRef(false)

/** The shared flag: a page sets it while its tool is on. */
export function useMapTool() {
  return { active }
}
