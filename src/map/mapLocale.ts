// MapLibre's own interface strings (control titles, the scale's units, the canvas's label) in the
// interface language: MapLibre takes them as its `locale` option, a table keyed by these ids.

/** Every UI string id MapLibre 6 has (its src/ui/default_locale.ts). */
export const MAPLIBRE_UI_KEYS = [
  'AttributionControl.MapFeedback',
  'AttributionControl.ToggleAttribution',
  'CooperativeGesturesHandler.MacHelpText',
  'CooperativeGesturesHandler.MobileHelpText',
  'CooperativeGesturesHandler.WindowsHelpText',
  'FullscreenControl.Enter',
  'FullscreenControl.Exit',
  'GeolocateControl.FindMyLocation',
  'GeolocateControl.LocationNotAvailable',
  'GlobeControl.Disable',
  'GlobeControl.Enable',
  'LogoControl.Title',
  'Map.Title',
  'Marker.Title',
  'NavigationControl.ResetBearing',
  'NavigationControl.ZoomIn',
  'NavigationControl.ZoomOut',
  'Popup.Close',
  'ScaleControl.Feet',
  'ScaleControl.Kilometers',
  'ScaleControl.Meters',
  'ScaleControl.Miles',
  'ScaleControl.NauticalMiles',
  'TerrainControl.Disable',
  'TerrainControl.Enable',
] as const

/** MapLibre's locale table from the app's messages (mapUi.<id> in the locale files). */
export function mapUiStrings(t: (key: string) => string): Record<string, string> {
  return Object.fromEntries(MAPLIBRE_UI_KEYS.map(k => [k, t(`mapUi.${k}`)]))
}
