// Reads a server-sent event stream over real HTTP (Node fetch): events with their ids, until a condition or the end.

/** Opens `url` and collects `{ id, data }` events until `until(event)` holds, the stream ends, or `timeoutMs` passes. */
export async function readEvents(url, { headers = {}, until = () => false, timeoutMs = 20_000 } = {}) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  const events = []
  let ended = false
  try {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal })
    if (response.status !== 200) return { status: response.status, events, ended: true }
    const decoder = new TextDecoder()
    let buffer = ''
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n')
      let end = buffer.indexOf('\n\n')
      while (end !== -1) {
        const event = parseBlock(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
        if (event) {
          events.push(event)
          if (until(event)) return { status: 200, events, ended }
        }
        end = buffer.indexOf('\n\n')
      }
    }
    ended = true
    return { status: 200, events, ended }
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`SSE ${url} timed out after ${events.length} events`)
    throw error
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

function parseBlock(block) {
  let id
  const data = []
  for (const line of block.split('\n')) {
    if (line.startsWith('id:')) id = line.slice(3).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
  }
  return data.length > 0 ? { id, data: JSON.parse(data.join('\n')) } : undefined
}
