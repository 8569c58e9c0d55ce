// A GeoJSON with every defect the import must catch, each planted in one feature of an otherwise
// clean two-township territory, with the problem it must produce.
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Position } from 'geojson'
import type { ProblemKind } from '../types'
import { syntheticLattice, syntheticTerritory } from './territory'

/** The problem a planted defect must produce: on which feature, and whether a repair is offered. */
export interface ExpectedProblem {
  kind: ProblemKind
  feature: number
  repair: boolean
  /** Reported only until the file's safe repairs are applied. */
  untilRepaired?: boolean
}

const OPTIONS = { townships: [2, 1] as [number, number], origin: [120.0, 30.3] as [number, number] }

const ring = (m: MultiPolygon): Position[] => m.coordinates[0]![0]!
const withRing = (r: Position[], holes: Position[][] = []): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [[r, ...holes]] })

/** The defective file, what each defect must produce, and the codes of the grids left intact. */
export function defectiveTerritory(): { fc: FeatureCollection<Geometry | null>, expected: ExpectedProblem[], intact: string[] } {
  const grids = syntheticTerritory(OPTIONS)
  const { rect, groupAt, steps } = syntheticLattice(OPTIONS)
  const byCode = new Map(grids.map(g => [g.code, g]))
  const features: Array<Feature<Geometry | null>> = grids.map(g => ({ type: 'Feature', properties: { 网格编码: g.code, 网格名称: g.name, 层级: g.level, 上级编码: g.parentCode ?? '' }, geometry: g.boundary }))
  const at = (code: string): number => features.findIndex(f => f.properties!.网格编码 === code)
  const expected: ExpectedProblem[] = []
  const plant = (code: string, kind: ProblemKind, repair: boolean, change: (f: Feature<Geometry | null>) => void): void => {
    change(features[at(code)]!)
    expected.push({ kind, feature: at(code), repair })
  }
  const add = (properties: Record<string, unknown>, geometry: Geometry | null, kind: ProblemKind, repair = false): void => {
    features.push({ type: 'Feature', properties, geometry })
    expected.push({ kind, feature: features.length - 1, repair })
  }
  const shape = (code: string): MultiPolygon => byCode.get(code)!.boundary
  const T1 = '330110001'
  const T2 = '330110002'

  // Township 1: defects of single grids, on grids that otherwise tile their village exactly.
  plant(`${T1}001001`, 'ring-unclosed', true, (f) => {
    f.geometry = withRing(ring(shape(`${T1}001001`)).slice(0, -1))
  })
  plant(`${T1}001002`, 'ring-spike', true, (f) => {
    const r = ring(shape(`${T1}001002`))
    const a = r[5]!
    f.geometry = withRing([...r.slice(0, 6), [a[0]! + 0.003, a[1]! + 0.0001], a, ...r.slice(6)])
  })
  plant(`${T1}001003`, 'ring-duplicate-vertex', true, (f) => {
    const r = ring(shape(`${T1}001003`))
    f.geometry = withRing([...r.slice(0, 3), r[2]!, ...r.slice(3)])
  })
  plant(`${T1}001004`, 'ring-too-short', true, (f) => {
    const r = ring(shape(`${T1}001004`))
    const mid = [(r[0]![0]! + r[8]![0]!) / 2, (r[0]![1]! + r[8]![1]!) / 2]
    f.geometry = withRing(r, [[mid, [mid[0]! + 0.0001, mid[1]!], mid]])
  })
  plant(`${T1}002002`, 'level-mismatch', false, (f) => {
    f.properties!.层级 = '村'
  })
  plant(`${T1}002003`, 'parent-mismatch', false, (f) => {
    f.properties!.上级编码 = `${T1}003000`
  })
  plant(`${T1}002004`, 'coordinates-swapped', true, (f) => {
    f.geometry = { type: 'MultiPolygon', coordinates: shape(`${T1}002004`).coordinates.map(p => p.map(r => r.map(([x, y]) => [y!, x!]))) }
  })
  plant(`${T1}003002`, 'name-missing', false, (f) => {
    f.properties!.网格名称 = ''
  })
  add({ 网格编码: `${T1}001001`, 网格名称: '重复的一组' }, shape(`${T1}001001`), 'code-duplicate')
  add({ 网格编码: `${T1}00100A`, 网格名称: '错码组' }, shape(`${T1}003001`), 'code-malformed')
  add({ 网格名称: '无码组' }, shape(`${T1}003003`), 'code-missing')
  add({ 网格编码: `${T1}009001`, 网格名称: '跳级组' }, shape(`${T1}003004`), 'level-skipped')
  add({ 网格编码: '330110003001000', 网格名称: '无主村' }, shape(`${T1}004000`), 'parent-missing')
  // Geometry that can never be a grid, on codes whose parent is present.
  const r0 = ring(shape(`${T1}004001`))
  add({ 网格编码: `${T1}004901`, 网格名称: '线状组' }, withRing([r0[0]!, r0[3]!, r0[0]!]), 'ring-too-short')
  add({ 网格编码: `${T1}004902`, 网格名称: '交叉组' }, withRing([r0[0]!, r0[8]!, r0[4]!, r0[12]!, r0[0]!]), 'ring-self-intersection')
  add({ 网格编码: `${T1}004903`, 网格名称: '巴黎组' }, { type: 'Polygon', coordinates: [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]] }, 'coordinates-outside-china')
  add({ 网格编码: `${T1}004904`, 网格名称: '米制组' }, { type: 'Polygon', coordinates: [[[451660, 3298048], [451860, 3298048], [451860, 3298248], [451660, 3298048]]] }, 'coordinates-projected-in-geographic')
  add({ 网格编码: `${T1}004905`, 网格名称: '无形组' }, null, 'geometry-missing')
  add({ 网格编码: `${T1}004906`, 网格名称: '点状组' }, { type: 'Point', coordinates: [120.01, 30.31] }, 'geometry-not-polygon')
  // A broken exporter's NaN, which JSON writes as null.
  add({ 网格编码: `${T1}004907`, 网格名称: '空值组' }, { type: 'Polygon', coordinates: [[[120.01, 30.31], [120.02, Number.NaN], [120.02, 30.32], [120.01, 30.31]]] }, 'coordinates-not-finite')

  // Township 2: how grids fit together.
  const [oi, oj] = groupAt(1, 1, 0)
  plant(`${T2}002001`, 'siblings-overlap', false, (f) => {
    // Two lattice steps into its eastern neighbour, still inside the village.
    f.geometry = rect(oi, oj, oi + steps + 2, oj + steps)
  })
  const [ci, cj] = groupAt(1, 3, 2)
  plant(`${T2}004003`, 'child-outside-parent', false, (f) => {
    // Two lattice steps north of the township's edge.
    f.geometry = rect(ci, cj, ci + steps, cj + steps + 2)
  })
  // A group left out leaves a hole in its village (a warning on the village).
  features.splice(at(`${T2}003004`), 1)
  for (const e of expected) {
    if (e.feature > at(`${T2}003003`))
      e.feature--
  }
  // Grids that are not themselves defective and must import.
  const planted = new Set(expected.map(e => e.feature))
  const intact = features.flatMap((f, i) => (planted.has(i) ? [] : [String(f.properties!.网格编码)]))
  expected.push({ kind: 'gap-in-parent', feature: at(`${T2}003000`), repair: false })
  // Until its swap is repaired, the swapped group is nowhere near its village, which has a hole.
  expected.push({ kind: 'gap-in-parent', feature: at(`${T1}002000`), repair: false, untilRepaired: true })
  return { fc: { type: 'FeatureCollection', features }, expected, intact }
}
