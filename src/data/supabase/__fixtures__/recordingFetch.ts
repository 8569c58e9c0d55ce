// A fetch that records every request supabase-js makes and answers from a handler, for unit tests
// of what the data layer sends and how it reads the answers. No network, no database.

/** One request as supabase-js sent it. */
export interface RecordedRequest {
  method: string
  url: URL
  /** Header names in lower case. */
  headers: Record<string, string>
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown
  /** A multipart body (Storage uploads), as sent. */
  form?: FormData
}

/** What a handler answers: a JSON body and status, or a thrown error to simulate a network failure. */
export type Reply = { status?: number, json?: unknown, headers?: Record<string, string> } | Error

/** A recording fetch and its log. */
export interface RecordingFetch {
  fetch: typeof fetch
  requests: RecordedRequest[]
  /** The RPC requests as { fn, body }, in order. */
  rpcCalls: () => Array<{ fn: string, body: unknown }>
}

/** Records each request, then answers with `handler`'s reply. */
export function recordingFetch(handler: (request: RecordedRequest) => Reply): RecordingFetch {
  const requests: RecordedRequest[] = []
  const fetchFn = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((value, key) => {
      headers[key.toLowerCase()] = value
    })
    const text = typeof init.body === 'string' ? init.body : ''
    const request: RecordedRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      url: new URL(input instanceof Request ? input.url : String(input)),
      headers,
      body: text === '' ? undefined : JSON.parse(text),
      ...(init.body instanceof FormData ? { form: init.body } : {}),
    }
    requests.push(request)
    const reply = handler(request)
    if (reply instanceof Error)
      throw reply
    const status = reply.status ?? 200
    return new Response(reply.json === undefined || status === 204 ? null : JSON.stringify(reply.json), {
      status,
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers },
    })
  }
  return {
    fetch: fetchFn as typeof fetch,
    requests,
    rpcCalls: () => requests
      .filter(r => r.url.pathname.startsWith('/rest/v1/rpc/'))
      .map(r => ({ fn: r.url.pathname.slice('/rest/v1/rpc/'.length), body: r.body })),
  }
}
