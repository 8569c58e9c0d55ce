// The wall's carousel: from the whole territory to each child grid in turn (most overdue first),
// then back to the whole territory, one stop per tick.

/**
 * The stop after `current` (a child grid id, or null for the whole territory) in `order`. The
 * order is recomputed from live figures between ticks; a stop that left it goes back to the
 * territory, which then starts again from the top.
 */
export function nextStop(order: readonly string[], current: string | null): string | null {
  if (current === null)
    return order[0] ?? null
  const i = order.indexOf(current)
  return i < 0 ? null : order[i + 1] ?? null
}

/** The carousel interval from the URL (`?carousel=<seconds>`): 0 (off) when absent or not a number, at least 5 s otherwise. */
export function parseCarouselSeconds(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : Number.NaN
  if (!Number.isFinite(n) || n <= 0)
    return 0
  return Math.max(5, Math.round(n))
}

/** The demo feed's speed from the URL (`?speed=`): 1 unless a positive number up to 10,000. */
export function parseSpeed(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : Number.NaN
  return Number.isFinite(n) && n > 0 ? Math.min(n, 10_000) : 1
}
