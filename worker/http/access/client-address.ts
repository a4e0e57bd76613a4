// Who is signing in, as the sign-in throttle counts clients: the address in Cloudflare's CF-Connecting-IP header.

/** Longest header value kept: an address is far shorter, and a forged header must not make a huge key. */
const MAX_ADDRESS_LENGTH = 64

/**
 * The client of a request: its IPv4 address, or the /64 network of its IPv6 address (one subscriber usually holds a
 * whole /64, so single IPv6 addresses would be free to rotate). Requests without the header (never the case behind
 * Cloudflare) share the client `unknown`.
 */
export function clientOf(request: Request): string {
  const address = request.headers.get('CF-Connecting-IP')?.trim().slice(0, MAX_ADDRESS_LENGTH)
  if (!address) return 'unknown'
  return address.includes(':') ? `${ipv6Network(address)}::/64` : address
}

/** The first four groups of an IPv6 address, lower case, `::` expanded and leading zeros dropped. */
function ipv6Network(address: string): string {
  const [head = '', tail] = address.toLowerCase().split('::', 2)
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const zeros = Array.from({ length: Math.max(0, 8 - headGroups.length - tailGroups.length) }, () => '0')
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups]
  return groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')
}
