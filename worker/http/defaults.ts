// The handler's default limits: body size, job input size and the progress throttle of streams.
import { MAX_INPUT_BYTES } from '../engine/trigger/trigger'

export const DEFAULT_THROTTLE_MS = 100
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
export const DEFAULT_MAX_INPUT_BYTES = MAX_INPUT_BYTES
