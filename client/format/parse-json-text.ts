// Reads JSON a person typed (an input to rerun a job with), saying in words what is wrong with it.

export type JsonText = { ok: true; value: unknown } | { ok: false; message: string }

/** `{ ok: true, value }` for valid JSON; otherwise what is wrong, to show beside the field. */
export function parseJsonText(text: string): JsonText {
  if (text.trim() === '') return { ok: false, message: 'Write the input as JSON, e.g. {}.' }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` }
  }
}
