// The bounds of a durable wait as a job prepares it: its name, its metadata (JSON, bounded) and its timeout.
import { MAX_DURATION_MS } from '../time/duration'

export const MAX_WAIT_NAME_LENGTH = 256
/** Largest wait metadata, and largest signal payload, as JSON. */
export const MAX_WAIT_JSON_BYTES = 256 * 1024

/** The size of `value` as JSON, or null when it is not JSON (a function, a cycle, a BigInt). */
export function jsonBytes(value: unknown): number | null {
  try {
    const text = JSON.stringify(value ?? null)
    return text === undefined ? null : new TextEncoder().encode(text).byteLength
  } catch {
    return null
  }
}

/** Throws a TypeError naming what is wrong with a wait's name or options. */
export function checkWaitOptions(name: string, options: { metadata?: unknown; timeoutMs?: number }): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_WAIT_NAME_LENGTH) {
    throw new TypeError(`step.prepareWait needs a name of 1 to ${MAX_WAIT_NAME_LENGTH} characters`)
  }
  const { timeoutMs, metadata } = options
  if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_DURATION_MS)) {
    throw new TypeError(`step.prepareWait("${name}") timeoutMs must be a positive integer of milliseconds up to ${MAX_DURATION_MS}`)
  }
  if (metadata !== undefined) {
    const bytes = jsonBytes(metadata)
    if (bytes === null) throw new TypeError(`step.prepareWait("${name}") metadata must be JSON`)
    if (bytes > MAX_WAIT_JSON_BYTES) throw new TypeError(`step.prepareWait("${name}") metadata is ${bytes} bytes as JSON; at most ${MAX_WAIT_JSON_BYTES}`)
  }
}
