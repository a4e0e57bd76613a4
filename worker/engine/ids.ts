// Run and row ids: time-ordered (48-bit millisecond clock) then random, in Crockford base32, 26 characters.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A new id that sorts after ids made in earlier milliseconds. */
export function newId(now = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  const random = crypto.getRandomValues(new Uint8Array(16))
  let tail = ''
  for (const byte of random) tail += ALPHABET[byte % 32]
  return time + tail
}
