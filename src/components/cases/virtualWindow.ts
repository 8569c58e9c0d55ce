// The arithmetic of a virtualised list with a fixed row height: which rows to put in the DOM for
// a scroll position, and where to place them. Kept pure so the list component stays a thin shell.

/** Rows to render and where the first one sits. `end` is exclusive. */
export interface VirtualWindow {
  start: number
  end: number
  /** Offset of row `start` from the top of the scrolled content, px. */
  offsetPx: number
  /** Height of all rows together, px: the scroll extent. */
  totalPx: number
}

/**
 * The slice of `count` rows of `rowHeight` px visible in a viewport of `viewportHeight` px scrolled
 * to `scrollTop`, widened by `overscan` rows each side so a fast wheel never shows a blank band.
 */
export function virtualWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 6): VirtualWindow {
  if (rowHeight <= 0)
    throw new RangeError(`row height must be positive, got ${rowHeight}`)
  const totalPx = count * rowHeight
  if (count === 0)
    return { start: 0, end: 0, offsetPx: 0, totalPx }
  // A scroll position past the end (the list just shrank) still shows the last rows.
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalPx - viewportHeight))
  const first = Math.floor(top / rowHeight)
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight)
  const start = Math.max(0, first - overscan)
  const end = Math.min(count, Math.max(last, first + 1) + overscan)
  return { start, end, offsetPx: start * rowHeight, totalPx }
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const rowTop = index * rowHeight
  if (rowTop < scrollTop)
    return rowTop
  if (rowTop + rowHeight > scrollTop + viewportHeight)
    return rowTop + rowHeight - viewportHeight
  return null
}
