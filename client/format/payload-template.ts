// The JSON a signal form starts from: a wait's `expects` (field → type in words) turned into a payload to fill in.

const START: Record<string, unknown> = { boolean: false, number: 0, integer: 0, string: '', array: [], object: {}, null: null }

/**
 * A starting payload for a wait: `{}` unless its metadata says what it expects, as `{ expects: { field: 'type' } }`
 * with types in words ('boolean', 'string (optional)', 'number'); each field starts at its type's empty value.
 *
 * ```ts
 * payloadTemplate({ expects: { approved: 'boolean', note: 'string (optional)' } })
 * // → '{\n  "approved": false,\n  "note": ""\n}'
 * ```
 */
export function payloadTemplate(metadata: unknown): string {
  const expects = isRecord(metadata) ? metadata.expects : undefined
  if (!isRecord(expects)) return '{}'
  const payload: Record<string, unknown> = {}
  for (const [field, type] of Object.entries(expects)) payload[field] = startValue(type)
  return Object.keys(payload).length === 0 ? '{}' : JSON.stringify(payload, null, 2)
}

function startValue(type: unknown): unknown {
  if (typeof type !== 'string') return null
  const word = type.trim().toLowerCase().split(/[\s(]/)[0] ?? ''
  return word in START ? structuredClone(START[word]) : null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
