// How well a predicted hot-spot surface caught what happened next: flag the top x % of the
// territory's area by predicted score and count the held-out events inside. Hit rate = hits / N;
// Prediction Accuracy Index PAI = (hits / N) / (flagged area / total area) — 1 is no better than
// chance. Cells tied at the cut are taken in equal part (the expected result of breaking the tie
// at random), so a flat surface scores PAI 1 instead of whatever the cell order happens to favour.

export interface HitRateAndPai {
  fraction: number
  /** Events (possibly fractional at a tied cut) inside the flagged area. */
  hits: number
  n: number
  /** null when there are no events to hit. */
  hitRate: number | null
  pai: number | null
}

/** Weight 0–1 of each cell in the top `fraction` of area by score (ties shared at the cut). */
export function flaggedCells(scores: ArrayLike<number>, areas: ArrayLike<number> | number, fraction: number): Float64Array {
  const n = scores.length
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(`area fraction must be in (0, 1], got ${fraction}`)
  const area = (i: number): number => (typeof areas === 'number' ? areas : areas[i]!)
  let total = 0
  for (let i = 0; i < n; i++) {
    const s = scores[i]!
    const a = area(i)
    if (!Number.isFinite(s))
      throw new RangeError(`score of cell ${i} is not a finite number: ${s}`)
    if (!(a >= 0 && Number.isFinite(a)))
      throw new RangeError(`area of cell ${i} must be a finite number ≥ 0, got ${a}`)
    total += a
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!)
  const weight = new Float64Array(n)
  let left = fraction * total
  for (let k = 0; k < n && left > 0;) {
    let j = k
    let groupArea = 0
    while (j < n && scores[order[j]!] === scores[order[k]!]) {
      groupArea += area(order[j]!)
      j++
    }
    const share = groupArea <= left ? 1 : left / groupArea
    for (let g = k; g < j; g++)
      weight[order[g]!] = share
    left -= share * groupArea
    k = j
  }
  return weight
}

/** Hit rate and PAI of a surface for events given as cell indices. */
export function hitRateAndPai(scores: ArrayLike<number>, areas: ArrayLike<number> | number, events: readonly number[], fraction: number): HitRateAndPai {
  const weight = flaggedCells(scores, areas, fraction)
  let total = 0
  let flagged = 0
  for (let i = 0; i < scores.length; i++) {
    const a = typeof areas === 'number' ? areas : areas[i]!
    total += a
    flagged += weight[i]! * a
  }
  let hits = 0
  events.forEach((cell, k) => {
    if (!(Number.isInteger(cell) && cell >= 0 && cell < scores.length))
      throw new RangeError(`event ${k} is in cell ${cell}, but the surface has ${scores.length} cells`)
    hits += weight[cell]!
  })
  const n = events.length
  const hitRate = n > 0 ? hits / n : null
  const pai = hitRate !== null && flagged > 0 ? hitRate / (flagged / total) : null
  return { fraction, hits, n, hitRate, pai }
}
