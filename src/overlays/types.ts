import type { Component } from 'vue'
import type { CaseStamp } from '~/composables/freshness'
import type { DataSource, Period } from '~/data'
import type { Millis } from '~/domain/types'

/** What a load is asked for: the viewer's data source, and for grid-scoped overlays the grid and period on screen. */
export interface OverlayLoadContext {
  ds: DataSource
  /** The selected grid (its subtree); null before one is chosen, meaning everything visible. */
  gridId: string | null
  period: Period
  now: Millis
}

/** One line of a switch's key under the layer control: a colour, its shape and an i18n label key. */
export interface LegendEntry {
  label: string
  color: string
  shape: 'dot' | 'ring' | 'line'
  /** A dot's rim colour and width (cameras: offline ones are ringed). */
  ring?: string
  ringWidth?: string
}

/** A switch in the layer control; its id is what `layers=` in the URL names, its label `layers.<id>`. */
export interface OverlaySwitch {
  id: string
  /** Indented under the switch before it (the heatmap under cases). */
  sub?: boolean
  /** On when the URL names no layers. */
  default?: boolean
  /** The key shown under the switch while it is on; its test id is `key-<keyId ?? id>`. */
  legend?: readonly LegendEntry[]
  keyId?: string
}

/** What the map feature is drawn with besides the data. */
export interface OverlayDrawContext {
  /** The overlay's switches that are on. */
  on: ReadonlySet<string>
  locale: string
  /** The "now" the data was loaded at (classes such as overdue are as of then). */
  loadedAt: Millis
}

/**
 * One overlay, declared once: its switches (ids, legend, colours from theme/palette), what it
 * loads and when that goes stale, and the map feature that draws it. The layer control, the data
 * loading and the map stage iterate the registry (overlays/index.ts), so adding an overlay is
 * adding a file to overlays/defs/ (and its words to the two locale files).
 */
export interface OverlayDef<T> {
  id: string
  /** Position in the layer control, lowest first (drawing order is the map's LAYER_ORDER). */
  order: number
  switches: readonly OverlaySwitch[]
  /** 'grid': follows the selected grid and period; 'territory': everything the viewer may see. */
  scope: 'grid' | 'territory'
  /** 'cases': reloads when cases in its scope change (freshness); null: only with the viewer. */
  follows: 'cases' | null
  load: (ctx: OverlayLoadContext) => Promise<T>
  /** The cases a load shows, so freshness can judge notices about them. */
  cases?: (data: T) => readonly CaseStamp[]
  /** Shown before the first load. */
  empty: T
  /** The map feature (src/map/features) drawing it. */
  component: Component
  props: (data: T, ctx: OverlayDrawContext) => Record<string, unknown>
}

/** Declares an overlay (typed by its data). */
export function defineOverlay<T>(def: OverlayDef<T>): OverlayDef<T> {
  return def
}

/** An overlay of any data, as the registry holds them. */

export type AnyOverlay = OverlayDef<any>
