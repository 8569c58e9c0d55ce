// Idempotency keys on the client side: one key per user action, the same on every retry of it, so
// a send whose answer was lost (the signal dropped, the page died) is never applied twice.
import { newUuid } from './uuid'

/** JSON with every object's keys sorted (as jsonb orders them), so the same request in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
    : v)
}

/** A fresh idempotency key (a v4 uuid). */
export function newIdempotencyKey(): string {
  return newUuid()
}

/**
 * Keys for one screen's sends. `keyFor(request)` answers the key of the current action: the same
 * while the same request is sent again (a retry after a failure, whose first send may have
 * applied), a fresh one for another request. `done()` after an answer that applied, so doing the
 * same thing again on purpose (a second reminder) is a new action.
 */
export function createSendKeys(newKey: () => string = newIdempotencyKey) {
  let current: { request: string, key: string } | null = null
  return {
    keyFor(request: unknown): string {
      const asked = canonicalJson(request)
      if (current?.request !== asked)
        current = { request: asked, key: newKey() }
      return current.key
    },
    done(): void {
      current = null
    },
  }
}

export type SendKeys = ReturnType<typeof createSendKeys>
