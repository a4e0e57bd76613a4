// Server-Sent Events framing: `id:` + `data: <json>` blocks, comments for keep-alive, and the response headers.
const encoder = new TextEncoder()

export const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
}

/** One event block. JSON never contains a raw line break, so the data fits on one `data:` line. */
export function encodeEvent(data: unknown, id?: number): Uint8Array {
  return encodeEventJson(JSON.stringify(data), id)
}

/** Like `encodeEvent`, for data already serialized with `JSON.stringify`. */
export function encodeEventJson(json: string, id?: number): Uint8Array {
  const idLine = id === undefined ? '' : `id: ${Math.trunc(id)}\n`
  return encoder.encode(`${idLine}data: ${json}\n\n`)
}

/** A comment line: ignored by EventSource, keeps proxies and the connection alive. CR/LF are stripped. */
export function encodeComment(text: string): Uint8Array {
  return encoder.encode(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`)
}

export const KEEP_ALIVE_MS = 15_000

