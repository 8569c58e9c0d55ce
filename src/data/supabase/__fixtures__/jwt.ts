// Unsigned test JWTs: header.payload.signature in base64url, as Supabase Auth issues them but with
// a fixed placeholder signature. Only tests create them; the PostgREST shim decodes the payload
// without verifying, which is all that row-level security reads (request.jwt.claims).

/** Claims the data layer's requests carry. `role` picks the database role. */
export interface TestClaims {
  role: string
  sub?: string
  email?: string
  aud?: string
  exp?: number
  [claim: string]: unknown
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}

/** A JWT whose payload is `claims`. */
export function testJwt(claims: TestClaims): string {
  return `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.${base64url('unsigned-test-signature')}`
}

/** The payload of a JWT, or null when the token is not three base64url parts with a JSON object in the middle. */
export function jwtClaims(token: string): TestClaims | null {
  const parts = token.split('.')
  if (parts.length !== 3)
    return null
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? claims as TestClaims : null
  }
  catch {
    return null
  }
}

/** The anon key of the test project: a JWT with role anon and a far expiry, as Supabase's anon key is (Realtime refuses a key without `exp`). */
export const TEST_ANON_KEY = testJwt({ role: 'anon', iss: 'supabase-test', exp: 2_000_000_000 })
