import type { SitingInstance } from '../instance'
import { seededRandom } from '../../random'

/** A random instance: `sites` sites × 3 orientations, each seeing `per` random points among `demand`. */
export function randomInstance(seed: number, sites: number, demand: number, per: number): SitingInstance {
  const rnd = seededRandom(seed)
  return {
    weights: Array.from({ length: demand }, () => 1 + Math.floor(rnd() * 9)),
    sites: Array.from({ length: sites }, (_, s) => ({
      id: `s${s}`,
      options: [0, 1, 2].map(k => ({ id: `s${s}/${k}`, covers: Array.from({ length: per }, () => Math.floor(rnd() * demand)) })),
    })),
  }
}
