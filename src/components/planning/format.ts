// How the planner's figures read: shares as percentages, areas in m², differences signed.
/** A figure of `metric` for display; `signed` for a difference. */
export function formatFigure(metric: string, v: number | null | undefined, signed = false): string {
  if (v === null || v === undefined || !Number.isFinite(v))
    return '—'
  const s = signed && v > 0 ? '+' : ''
  if (metric === 'blindM2')
    return `${s}${Math.round(v).toLocaleString('en-US')} m²`
  return `${s}${(v * 100).toFixed(1)}${signed ? ' pp' : ' %'}`
}
