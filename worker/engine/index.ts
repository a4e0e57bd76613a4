// The engine's public surface: what an app imports to define jobs, create its instance and export the objects.
export { defineJob, type DefineJobConfig } from './define-job'
export { createDurably, type DurablyOptions } from './durably'
export { RunShard } from './shard/run-shard'
export { KeyObject } from './keys/key-object'
export { FeedObject } from './feed/feed-object'
export { D1Gateway } from './d1/d1-gateway'
export { DEFAULT_SETTINGS, type DurablySettings, type EngineConfiguration, type EngineSettings } from './registry'
export {
  DEFAULT_PURGE_LIMIT,
  MAX_PURGE_LIMIT,
  type PurgeOptions,
  type PurgeResult,
  type SweepOptions,
  type SweepResult,
} from './retention/purge-options'
export { Scheduler } from './schedules/scheduler'
export { EventObject } from './events/event-object'
export { ChildRunError, PARENT_LABEL } from './children/child-runs'
export type { WaitForRunOptions } from './wait-for-run'
export type { EventDelivery, EventWaitResult, SentEvent, WaitForEventOptions } from './events/event-types'
export { scheduleSchema, type CreateScheduleRequest, type Schedule } from './schedules/schedule-schema'
export { SCHEDULE_LABEL, FIRE_TIME_LABEL } from './schedules/labels'
export type { EngineEnv } from './bindings'
export { toClientRun } from './protocol/client-run'
export { parseEventStream } from './protocol/sse-parse'
export { MAX_INPUT_BYTES, validateInput } from './trigger/trigger'
export * from './errors'
export { durationMs, toMilliseconds, MAX_DURATION_MS } from './time/duration'
export { MAX_RETRY_LIMIT, retryDelayMs, resolveRetryPolicy } from './time/retry-policy'
export * from './protocol/events'
export * from './types'
