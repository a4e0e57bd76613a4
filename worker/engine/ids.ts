// Run and row ids: time-ordered (48-bit millisecond clock), a shard number, then random; Crockford base32, 26 chars.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** Shards a run id can name: two base32 characters. */
export const MAX_SHARDS = 1024

/** A new id that sorts after ids made in earlier milliseconds; characters 11-12 carry `shard` (0 to 1023). */
export function newId(now = Date.now(), shard = 0): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  const shardPart = (ALPHABET[Math.floor(shard / 32) % 32] ?? '0') + (ALPHABET[shard % 32] ?? '0')
  const random = crypto.getRandomValues(new Uint8Array(14))
  let tail = ''
  for (const byte of random) tail += ALPHABET[byte % 32]
  return time + shardPart + tail
}

/** Longest run id a request may name: ours have 26 characters, the rest leaves room for ids made elsewhere. */
export const MAX_RUN_ID_LENGTH = 64
/** Characters a run id may have: ours are upper-case base32; ids made elsewhere may add lower case, `_` and `-`. */
export const RUN_ID_PATTERN = /^[0-9A-Za-z_-]+$/

/** Whether `id` has the shape of the ids made here (26 characters of the alphabet). */
export function isRunId(id: string): boolean {
  if (id.length !== 26) return false
  for (const char of id) if (!ALPHABET.includes(char)) return false
  return true
}

/** The shard a run id names; ids made elsewhere are spread by a hash of their characters. */
export function shardOf(id: string): number {
  const high = ALPHABET.indexOf(id[10] ?? '')
  const low = ALPHABET.indexOf(id[11] ?? '')
  if (id.length === 26 && high >= 0 && low >= 0) return high * 32 + low
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0
  return hash % MAX_SHARDS
}
