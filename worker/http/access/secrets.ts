// Constant-time comparison of secrets, and reading a bearer token from a request.
const encoder = new TextEncoder()

/**
 * Whether two secrets are equal, taking the same time wherever they differ: both are hashed first (so lengths
 * never leak), then every byte of the digests is compared without an early exit.
 */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ])
  const left = new Uint8Array(a)
  const right = new Uint8Array(b)
  let difference = 0
  for (let i = 0; i < left.length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0)
  return difference === 0
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('Authorization')
  const match = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i)
  return match?.[1]
}
