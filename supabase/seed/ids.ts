// Domain ids are strings; the database keys rows by uuid. Ids that already are uuids (the demo
// generator's) pass through; any other id (the demo users 'demo-commander', hand-made test
// fixtures) maps to a name-based uuid (RFC 4122 version 5), so the mapping is the same everywhere.
import { createHash } from 'node:crypto'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Namespace of the version-5 ids (a fixed random uuid; changing it changes every mapped id). */
export const PINGAN_NAMESPACE = '6f1d2c1e-8a4b-4f7e-9c2d-3b5a7e9f0a11'

/** True when the string is a uuid in canonical form. */
export function isUuid(id: string): boolean {
  return UUID.test(id)
}

/** The database uuid of a domain id: the id itself when it is a uuid, otherwise its version-5 uuid. */
export function toUuid(id: string): string {
  if (isUuid(id))
    return id.toLowerCase()
  const namespace = Buffer.from(PINGAN_NAMESPACE.replace(/-/g, ''), 'hex')
  const hash = createHash('sha1').update(namespace).update(id, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0F) | 0x50
  hash[8] = (hash[8]! & 0x3F) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** The sign-in email of a demo user id, e.g. demo-commander -> demo-commander@example.com. */
export function demoUserEmail(userId: string): string {
  return `${userId.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}@example.com`
}
