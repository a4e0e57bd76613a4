// Matching an event's payload against what a wait asked for: every field of the match equals the payload's field of
// the same name (values compared as canonical JSON). A wait without a match takes every event of its name.
import { canonicalJson } from '../waits/canonical-json'

/** Most fields one match may name. */
export const MAX_MATCH_FIELDS = 16

/** The (field, canonical JSON value) pairs of a match or a payload's top level; a payload that is not an object has none. */
export function fieldPairs(value: unknown): [string, string][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return []
  return Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .map(([field, item]) => [field, canonicalJson(item)])
}

/** A problem with a match (for a clear error), or null when it is a usable match. */
export function matchProblem(match: unknown): string | null {
  if (match === undefined) return null
  if (match === null || typeof match !== 'object' || Array.isArray(match)) return 'must be an object of fields to match'
  const fields = Object.keys(match)
  if (fields.length > MAX_MATCH_FIELDS) return `may name at most ${MAX_MATCH_FIELDS} fields`
  try {
    JSON.stringify(match)
  } catch {
    return 'must be JSON'
  }
  return null
}
