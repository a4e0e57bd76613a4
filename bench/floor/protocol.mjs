// The few SSE frames the floor servers send, shaped as Stepflare's and the baseline's events are.

/** A `run:progress` event whose message is its emit time (epoch ms), as the bench's fan-out job sends it. */
export function progressChunk(runId, current, total) {
  const event = { type: 'run:progress', runId, progress: { current, total, message: String(Date.now()) } }
  return `data: ${JSON.stringify(event)}\n\n`
}

export function terminalChunk(runId) {
  return `data: ${JSON.stringify({ type: 'run:complete', runId, output: null })}\n\n`
}

export const STREAM_START = ': stream start\n\n'

/** Runs are spread over this many Durable Objects, as Stepflare spreads them over its shards. */
export const FLOOR_SHARDS = 16

/** A new run id; its shard is the number after the last dash, modulo FLOOR_SHARDS. */
export function newFloorRunId(counter) {
  return `floor-${Date.now().toString(36)}-${counter}`
}
