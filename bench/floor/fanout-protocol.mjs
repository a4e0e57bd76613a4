// The few SSE frames the fan-out floor servers send, shaped as Stepflare's and the baseline's events are.

/** A `run:progress` event whose message is its emit time (epoch ms), as the bench's fan-out job sends it. */
export function progressChunk(runId, current, total) {
  const event = { type: 'run:progress', runId, progress: { current, total, message: String(Date.now()) } }
  return `data: ${JSON.stringify(event)}\n\n`
}

export function terminalChunk(runId) {
  return `data: ${JSON.stringify({ type: 'run:complete', runId, output: null })}\n\n`
}

/** The JSON body of a Node request. */
export async function readJson(request) {
  let text = ''
  for await (const chunk of request) text += chunk
  return JSON.parse(text || '{}')
}
