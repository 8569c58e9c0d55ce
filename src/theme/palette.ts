// Every colour the map, its legends and the charts use for the things on the map, in one place,
// so a case that is red on the map is red in the layer key and in a chart of the wall screen.
import type { CaseClass } from '~/domain/casePredicates'
import type { CameraStatus, KeyPlaceKind, PatrolTeamKind } from '~/domain/types'

/** The dark command-room theme. */
export const THEME = {
  background: '#0b1626',
  text: '#e8f1ff',
  textHalo: '#06101d',
  outline: '#7fb8ff',
  selected: '#ffd166',
  context: '#3d5a80',
  road: '#5a6b82',
  roadMain: '#8a9bb3',
  /**
   * A grid with nothing to colour: a dark neutral grey, without the hue of any ramp and darker than
   * each ramp's first class, so it is never read as a class, by colour-blind eyes either.
   */
  noData: '#33363b',
  /** Grids filled plainly while another layer (the coverage fill) carries the colour. */
  plainFill: '#24344d',
  /** Marks what the user is attending to (the selected case's rim). */
  focus: '#ffffff',
} as const

/** Cases by the class an operator must notice first (casePredicates.caseClassAt). */
export const CASE_COLORS: Readonly<Record<CaseClass, string>> = {
  urgent: '#ff3b5c',
  overdue: '#ff8c42',
  open: '#4fc3ff',
  closed: '#7d8ca3',
}

/** Density of cases, transparent to hot, for the heatmap (stops over 0–1). */
export const CASE_DENSITY_RAMP: ReadonlyArray<readonly [number, string]> = [
  [0, 'rgba(0,0,0,0)'],
  [0.2, '#3b1f5c'],
  [0.4, '#b83b5e'],
  [0.7, '#f08a5d'],
  [1, '#f9d56e'],
]

/** Patrol routes by the kind of team walking them. */
export const TEAM_COLORS: Readonly<Record<PatrolTeamKind, string>> = {
  police: '#4f8bff',
  militia: '#3ecf8e',
  volunteer: '#ffd166',
  security: '#c77dff',
}

/** Key places by kind. */
export const PLACE_COLORS: Readonly<Record<KeyPlaceKind, string>> = {
  school: '#ffd166',
  market: '#ff9f43',
  clinic: '#ff6b8b',
  government: '#4fa3ff',
  police: '#2f6bff',
  construction: '#f9a03f',
  factory: '#a29bfe',
  station: '#48dbfb',
  square: '#1dd1a1',
  temple: '#e17055',
}

/** Cameras by status: the fill of the point and its field of view. */
export const CAMERA_COLORS: Readonly<Record<CameraStatus, string>> = {
  online: '#48dbfb',
  offline: '#7d8ca3',
}

/** The rim of a camera point: an offline camera is ringed in alarm red. */
export const CAMERA_RING_COLORS: Readonly<Record<CameraStatus, string>> = {
  online: THEME.textHalo,
  offline: CASE_COLORS.urgent,
}

/** The /import preview: a file's grid by its worst problem, or left out. */
export const IMPORT_COLORS: Readonly<Record<'error' | 'warning' | 'ok' | 'excluded', string>> = {
  error: '#ff5c5c',
  warning: '#ffb347',
  ok: '#4cd08a',
  excluded: '#7d8ca3',
}

/** Colour for a kind the palette does not know (data from a newer server): visible, never mistaken for a class. */
/** Coverage share 0 → 0.5 → 1, for the coverage fill and its legend. */
/**
 * Coverage share of a grid: orange at 0 %, sand at 50 %, blue at 100 %. Orange to blue stays apart
 * under deuteranopia and protanopia, where the former red-to-green ramp collapsed into one brown;
 * and it is apart from the blind spots' purple.
 */
export const COVERAGE_RAMP = { low: '#e66101', mid: '#d8c7a3', high: '#67a9cf' } as const

/** Blind spots: a fill apart from the coverage ramp, and its outline. */
export const BLIND_SPOT_COLORS = { fill: '#be4bdb', outline: '#862e9c' } as const

/** Hot spots: kernel density as one warm wash; Gi* classes at 90/95/99 % as a diverging ramp (ColorBrewer RdBu, colour-blind safe). */
export const HOT_SPOT_COLORS = {
  density: '#ff6b00',
  hot: ['#f4a582', '#d6604d', '#b2182b'],
  cold: ['#92c5de', '#4393c3', '#2166ac'],
} as const

/** Colours of the charts (the wall's, and the console's to come) on the dark background. */
export const CHART_COLORS = {
  text: '#c9d8ee',
  axis: '#3d5a80',
  split: '#1c2c44',
  reported: '#ff9f43',
  closed: '#2ecc71',
  bar: '#4da3ff',
} as const

export const UNKNOWN_KIND_COLOR = '#ffffff'

/** The planner's proposed set on the map: what a scenario adds, changes and removes, siting picks, planned stops. */
export const PLAN_COLORS = {
  same: '#7fb8ff',
  added: '#ffb020',
  changed: '#35d0a0',
  removed: '#ff3b5c',
  pick: '#ff5cf0',
  stop: '#f9f871',
  /** The patrol hot spots, numbered; the one a check row points at gets a white ring. */
  spot: '#ff8c42',
  spotFocus: '#ffffff',
  /** Response bands 1, 3, 5 minutes: light to deep on one yellow-green hue, apart from the purple-to-yellow choropleth under them. */
  response: ['#f4ffb0', '#b6ef4f', '#3fbf5f'],
} as const
