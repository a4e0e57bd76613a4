// The Worker's side of a leased stream: hands its response on and gives the lease back once the client is gone.

/** A lease as the Worker receives it (an RPC stub): disposing it releases the subscriber in its object. */
export interface Releasable {
  [Symbol.dispose](): void
}

export function release(lease: Releasable | null | undefined): void {
  try {
    lease?.[Symbol.dispose]()
  } catch {
    // Already released, or the object is gone: nothing holds the subscriber any more.
  }
}

/**
 * The stream's response for the client. Its body is piped natively (no JavaScript per chunk) so that the end of the
 * pipe, whether the stream ended or the client went away, releases the lease at once.
 */
export function holdLease(response: Response, lease: Releasable | null | undefined): Response {
  if (!lease) return response
  if (!response.body) {
    release(lease)
    return response
  }
  const { readable, writable } = new IdentityTransformStream()
  response.body
    .pipeTo(writable)
    .catch(() => {})
    .finally(() => release(lease))
  return new Response(readable, { status: response.status, headers: response.headers })
}
