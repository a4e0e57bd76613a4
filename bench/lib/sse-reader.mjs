// A small Server-Sent Events reader: turns a fetch Response body into {id, data} messages.

/**
 * Yields each SSE message of `response` as `{ id, data }` (data joined across `data:` lines; comments skipped).
 * Ends when the stream ends; cancel it by aborting the fetch's signal or breaking out of the loop.
 */
export async function* readSse(response) {
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n')
      let end = buffer.indexOf('\n\n')
      while (end !== -1) {
        const message = parseMessage(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
        if (message) yield message
        end = buffer.indexOf('\n\n')
      }
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}

function parseMessage(block) {
  let id = null
  const data = []
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'id') id = value
    else if (field === 'data') data.push(value)
  }
  return data.length === 0 ? null : { id, data: data.join('\n') }
}

/** Yields the parsed JSON events of an SSE response. */
export async function* readSseEvents(response) {
  for await (const message of readSse(response)) {
    yield { id: message.id, event: JSON.parse(message.data) }
  }
}
