// Grid vector tiles from public.grid_tile through supabase-js, for MapLibre's addProtocol.
//
// PostgREST answers a bytea-returning RPC called with the JSON Accept header supabase-js sends
// with the JSON string of the bytea in PostgreSQL's hex output: "\x1a2b…". So the tile arrives
// as text and is decoded here; a zero-byte tile (no visible grid touches it) arrives as "\x".
import type { PinganSupabaseClient } from './client'

/** The bytes of a bytea as PostgREST renders it in JSON ("\x" and two hex digits per byte). */
export function decodeByteaHex(text: string): Uint8Array {
  if (!text.startsWith('\\x') || text.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(text.slice(2)))
    throw new TypeError(`expected a bytea in hex ("\\x…"), got ${JSON.stringify(text.slice(0, 20))}`)
  const bytes = new Uint8Array((text.length - 2) / 2)
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(text.slice(2 + 2 * i, 4 + 2 * i), 16)
  return bytes
}

/** One grid tile as MVT bytes, under the signed-in user's row-level security. */
export async function fetchGridTile(client: PinganSupabaseClient, z: number, x: number, y: number, signal?: AbortSignal): Promise<Uint8Array> {
  const request = client.rpc('grid_tile', { z, x, y })
  const { data, error } = await (signal ? request.abortSignal(signal) : request)
  if (error)
    throw new Error(`Loading grid tile ${z}/${x}/${y}: ${error.message}`, { cause: error })
  if (typeof data !== 'string')
    throw new TypeError(`Loading grid tile ${z}/${x}/${y}: expected the tile as a hex string, got ${typeof data}`)
  return decodeByteaHex(data)
}
