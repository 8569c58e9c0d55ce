import type { CoveragePort } from './coverageClient'
import type { CoverageRequest, CoverageResponse } from '~/domain/coverage/protocol'
import { describe, expect, it } from 'vitest'
import { camera, DAILY, route, square, team } from '~/domain/coverage/__fixtures__/planar'
import { createCoverageServer } from '~/domain/coverage/server'
import { CoverageAborted, CoverageClient, CoverageRemoteError } from './coverageClient'

// The client and the server joined by an in-memory port, with structured cloning as postMessage does it.
function joined(): CoveragePort {
  let listener: ((e: MessageEvent<CoverageResponse>) => void) | null = null
  const server = createCoverageServer({
    post: m => setTimeout(() => listener?.({ data: structuredClone(m) } as MessageEvent<CoverageResponse>), 0),
    defer: fn => setTimeout(fn, 0),
    now: () => performance.now(),
  }, 5)
  return {
    postMessage: (m: CoverageRequest) => server.receive(structuredClone(m)),
    addEventListener: (_t, l) => { listener = l },
  }
}

const input = {
  grids: [square('town', null, 1, -500, -500, 1000)],
  teams: [team('p', 'police')],
  routes: [route('r', 'p', DAILY, -800, 0, 800, 0)],
  cameras: [camera('c', 200, 250, 0, 360, 60)],
}

describe('coverage client', () => {
  it('builds with progress, edits, keeps hot spots, and reports refusals and supersession', async () => {
    const client = new CoverageClient(joined())
    const fractions: number[] = []
    const first = client.build(input, {}, p => fractions.push(p.fraction))
    const summary = await first.done
    expect(summary.grids.ids).toEqual(['town'])
    expect(summary.hotSpots).toBeDefined()
    expect(fractions.length).toBeGreaterThan(0)
    const edited = await client.edit([{ kind: 'removeCamera', id: 'c' }]).done
    expect(edited.grids.cameraM2[0]).toBe(0)
    expect(edited.hotSpots).toBe(summary.hotSpots)
    await expect(client.edit([{ kind: 'removeRoute', id: 'nope' }]).done).rejects.toBeInstanceOf(CoverageRemoteError)
    const old = client.build(input)
    const newer = client.build({ ...input, cameras: [] })
    await expect(old.done).rejects.toEqual(new CoverageAborted('superseded'))
    expect((await newer.done).grids.cameraM2[0]).toBe(0)
    expect(Array.from(await client.assign(Float64Array.from(input.cameras[0]!.location)).done)).toEqual([0])
  })
})
