/** Overlay layers a user can switch on; the set lives in the URL so a view can be shared. */
export const OVERLAYS = ['cases', 'heatmap', 'patrols', 'cameras', 'keyPlaces', 'roads'] as const
export type Overlay = typeof OVERLAYS[number]

/** Shown when the URL names none. */
export const DEFAULT_OVERLAYS: readonly Overlay[] = ['roads']

/** Parses `layers=cases,patrols` into a set; unknown names are ignored, absent means defaults. */
export function parseLayers(value: unknown): ReadonlySet<Overlay> {
  if (typeof value !== 'string')
    return new Set(DEFAULT_OVERLAYS)
  return new Set(value.split(',').filter((v): v is Overlay => (OVERLAYS as readonly string[]).includes(v)))
}

/** The URL value for a set of overlays, in a stable order. */
export function formatLayers(set: ReadonlySet<Overlay>): string {
  return OVERLAYS.filter(o => set.has(o)).join(',')
}
