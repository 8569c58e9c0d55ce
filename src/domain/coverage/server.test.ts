import type { CoverageInput } from './input'
import type { CoverageRequest, CoverageResponse } from './protocol'
import { describe, expect, it } from 'vitest'
import { camera, DAILY, grid, route, square, team } from './__fixtures__/planar'
import { CoverageModel } from './model'
import { createCoverageServer } from './server'
import { summarize } from './summary'
import { packInput } from './wire'

const input: CoverageInput = {
  grids: [square('town', null, 1, -500, -500, 1000), grid('west', 'town', 2, -500, -500, 0, -500, 0, 500, -500, 500), grid('east', 'town', 2, 0, -500, 500, -500, 500, 500, 0, 500)],
  teams: [team('p', 'police')],
  routes: [route('r', 'p', DAILY, -800, 0, 800, 0)],
  cameras: [camera('c', 200, 250, 0, 360, 60)],
}

// A host whose clock moves 10 ms per look, and whose timer queue the test runs by hand.
function harness(sliceMs = 25) {
  const sent: CoverageResponse[] = []
  const tasks: Array<() => void> = []
  let clock = 0
  const server = createCoverageServer({ post: m => sent.push(m), defer: fn => tasks.push(fn), now: () => (clock += 10) }, sliceMs)
  return {
    sent,
    server,
    send: (m: CoverageRequest) => server.receive(m),
    /** Runs one queued task; false when none was waiting. */
    step: () => {
      const t = tasks.shift()
      t?.()
      return t !== undefined
    },
    drain: () => {
      while (tasks.length > 0)
        tasks.shift()!()
    },
    of: (id: number) => sent.filter(m => m.id === id),
  }
}

const build = (id: number, patch: Partial<CoverageInput> = {}): CoverageRequest => ({ type: 'build', id, input: packInput({ ...input, ...patch }) })

describe('coverage worker protocol', () => {
  it('a build reports progress in slices, then the same figures as a direct build', () => {
    const h = harness(1)
    h.send(build(1))
    h.drain()
    const progress = h.of(1).filter(m => m.type === 'progress')
    expect(progress.length).toBeGreaterThan(2)
    const done = progress.map(p => p.type === 'progress' ? p.done / p.total : 0)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    const result = h.of(1).at(-1)!
    expect(result.type).toBe('result')
    if (result.type !== 'result')
      return
    const direct = summarize(CoverageModel.create(input))
    expect(Array.from(result.summary.grids.eitherM2)).toEqual(Array.from(direct.grids.eitherM2))
    expect(result.summary.hotSpots).toBeDefined()
  })

  it('cancel stops a running build: no result, and queued edits are dropped', () => {
    const h = harness()
    h.send(build(1))
    h.step()
    h.send({ type: 'edit', id: 2, edits: [{ kind: 'removeCamera', id: 'c' }] })
    h.send({ type: 'cancel', id: 1 })
    h.drain()
    expect(h.of(1).map(m => m.type)).not.toContain('result')
    expect(h.of(1).at(-1)!.type).toBe('cancelled')
    expect(h.of(2).map(m => m.type)).toEqual(['cancelled'])
    expect(h.server.model()).toBeNull()
  })

  it('a newer build supersedes a running one', () => {
    const h = harness()
    h.send(build(1))
    h.step()
    h.send(build(2, { cameras: [] }))
    h.drain()
    expect(h.of(1).at(-1)).toEqual({ type: 'superseded', id: 1, by: 2 })
    const r = h.of(2).at(-1)!
    expect(r.type === 'result' && r.summary.grids.cameraM2[0]).toBe(0)
  })

  it('edits wait for the build; several waiting are applied together and answered once', () => {
    const h = harness()
    h.send(build(1))
    h.send({ type: 'edit', id: 2, edits: [{ kind: 'camera', camera: camera('c', -200, 250, 0, 360, 60) }] })
    h.send({ type: 'edit', id: 3, edits: [{ kind: 'camera', camera: camera('c', -200, 250, 10, 90, 60) }] })
    h.send({ type: 'edit', id: 4, edits: [{ kind: 'camera', camera: camera('c', 0, 0, 0, -1, 60) }] })
    h.drain()
    expect(h.of(2)).toEqual([{ type: 'superseded', id: 2, by: 3 }])
    const e = h.of(4)[0]!
    expect(e.type === 'error' && e.where).toBe('camera c .fov')
    const r = h.of(3)[0]!
    expect(r.type).toBe('result')
    if (r.type !== 'result')
      return
    // The camera now looks north from the west village, a quarter disk of 60 m.
    const west = r.summary.grids.ids.indexOf('west')
    expect(Math.abs(r.summary.grids.cameraM2[west]! - Math.PI * 3600 / 4) / (Math.PI * 900)).toBeLessThan(0.05)
    // Hot spots did not change, so they are not sent again.
    expect(r.summary.hotSpots).toBeUndefined()
    // A move inside the west village sends the outlines of the west's spots only.
    h.send({ type: 'edit', id: 5, edits: [{ kind: 'camera', camera: camera('c', -210, 250, 10, 90, 60) }] })
    h.drain()
    const r5 = h.of(5)[0]!
    if (r5.type !== 'result')
      throw new Error(r5.type)
    const t = r5.summary.blindSpots
    const sent = Array.from(r5.summary.blindSpotShapes.id)
    const gridOf = (id: number) => r5.summary.grids.ids[t.grid[Array.from(t.id).indexOf(id)]!]
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.map(gridOf)).toEqual(sent.map(() => 'west'))
    expect(t.count).toBeGreaterThan(sent.length)
  })

  it('refuses a bad build with the record named, and assigns points on the model', () => {
    const h = harness()
    h.send(build(1, { cameras: [camera('bad', 0, 0, 0, 90, -1)] }))
    h.drain()
    expect(h.of(1)).toEqual([{ type: 'error', id: 1, message: 'camera bad .rangeM: range must be a positive number of metres, got -1', where: 'camera bad .rangeM' }])
    h.send({ type: 'edit', id: 2, edits: [] })
    h.drain()
    expect(h.of(2)[0]!.type).toBe('error')
    h.send(build(3))
    h.send({ type: 'assign', id: 4, points: Float64Array.from([...input.cameras[0]!.location]) })
    h.drain()
    const a = h.of(4)[0]!
    expect(a.type === 'assigned' && Array.from(a.grids)).toEqual([2])
  })
})
