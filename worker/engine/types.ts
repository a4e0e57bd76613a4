// Public types of the engine: runs, steps, logs, jobs and the durably instance (shapes of the durably protocol).
import type { z } from 'zod'
import type { DurablyEvent } from './protocol/events'
import type { Labels, Log, Run, Step } from './protocol/records'
import type { RunStatus } from './protocol/statuses'

export type { ClientRun, Labels, Log, ProgressData, Run, Step } from './protocol/records'
export {
  ACTIVE_STATUSES,
  isActiveStatus,
  isTerminalStatus,
  LOG_LEVELS,
  RUN_STATUSES,
  STEP_STATUSES,
  TERMINAL_STATUSES,
  type LogLevel,
  type RunStatus,
  type StepStatus,
} from './protocol/statuses'

export interface RunFilter<TLabels extends Labels = Labels> {
  status?: RunStatus | RunStatus[]
  jobName?: string | string[]
  labels?: { [K in keyof TLabels]?: TLabels[K] }
  limit?: number
  offset?: number
}

export type Disposition = 'created' | 'idempotent' | 'coalesced'

export interface TriggerOptions<TLabels extends Labels = Labels> {
  idempotencyKey?: string
  concurrencyKey?: string
  labels?: TLabels
  /** With a concurrency key: return the pending run of that key instead of a 409. */
  coalesce?: 'skip'
}

export interface TypedRun<TOutput, TLabels extends Labels = Labels> extends Omit<Run<TLabels>, 'output'> {
  output: TOutput | null
}

export type TriggerResult<TOutput, TLabels extends Labels = Labels> = TypedRun<TOutput, TLabels> & {
  disposition: Disposition
}

declare const checkedByEngine: unique symbol

/**
 * A trigger whose input the job's schema parsed and whose options are within bounds. Only the engine makes one
 * (`durably.check`), so starting it (`durably.start`) validates nothing again.
 */
export interface CheckedTrigger {
  readonly job: AnyJobDefinition
  /** The input as the job's schema parsed it. */
  readonly input: unknown
  readonly options: TriggerOptions
  readonly [checkedByEngine]: true
}

/** What a job's `run` function gets as its first argument. */
export interface StepContext {
  readonly runId: string
  /** Fires when the run is cancelled or this executor lost its lease. */
  readonly signal: AbortSignal
  isAborted(): boolean
  throwIfAborted(): void
  /** Runs `fn` once per run: its result is stored, and a replay answers from the store. */
  run<T>(name: string, fn: (signal: AbortSignal) => T | Promise<T>): Promise<T>
  progress(current: number, total?: number, message?: string): void
  log: {
    info(message: string, data?: unknown): void
    warn(message: string, data?: unknown): void
    error(message: string, data?: unknown): void
  }
}

export type JobRunFunction<TInput, TOutput> = (step: StepContext, input: TInput) => Promise<TOutput>

export interface JobDefinition<TName extends string, TInput, TOutput> {
  readonly name: TName
  readonly input: z.ZodType<TInput>
  readonly output: z.ZodType<TOutput> | undefined
  readonly run: JobRunFunction<TInput, TOutput>
}

// biome-ignore lint: any is needed to accept every job definition in a registry
export type AnyJobDefinition = JobDefinition<string, any, any>

/** A registered job, with its typed trigger and queries. */
export interface JobHandle<TName extends string, TInput, TOutput, TLabels extends Labels = Labels> {
  readonly name: TName
  trigger(input: TInput, options?: TriggerOptions<TLabels>): Promise<TriggerResult<TOutput, TLabels>>
  triggerAndWait(
    input: TInput,
    options?: TriggerOptions<TLabels> & { timeout?: number },
  ): Promise<{ id: string; output: TOutput; disposition: Disposition }>
  /** Triggers many runs at once (all inputs validated before any run is created), in order. */
  batchTrigger(
    inputs: (TInput | { input: TInput; options?: TriggerOptions<TLabels> })[],
  ): Promise<TriggerResult<TOutput, TLabels>[]>
  getRun(id: string): Promise<TypedRun<TOutput, TLabels> | null>
  getRuns(filter?: Omit<RunFilter<TLabels>, 'jobName'>): Promise<TypedRun<TOutput, TLabels>[]>
}

export type JobHandles<TJobs extends Record<string, AnyJobDefinition>, TLabels extends Labels = Labels> = {
  [K in keyof TJobs]: TJobs[K] extends JobDefinition<infer TName, infer TInput, infer TOutput>
    ? JobHandle<TName, TInput, TOutput, TLabels>
    : never
}

/** The server-side instance: job handles plus cross-job queries and actions. */
export interface Durably<
  THandles extends Record<string, JobHandle<string, unknown, unknown, TLabels>> = Record<string, never>,
  TLabels extends Labels = Labels,
> {
  readonly jobs: THandles
  /** Every registered job definition by its `name` (e.g. 'import-csv'). */
  readonly definitions: ReadonlyMap<string, AnyJobDefinition>
  /** The job handle of a registered job `name`, or undefined. */
  getJob(name: string): JobHandle<string, unknown, unknown, TLabels> | undefined
  /** Triggers runs of any registered jobs at once, in order; NotFoundError for an unknown job name. */
  triggerBatch(
    requests: { jobName: string; input: unknown; options?: TriggerOptions<TLabels> }[],
  ): Promise<TriggerResult<unknown, TLabels>[]>
  /**
   * Validates a trigger of job `jobName` without starting it (NotFoundError, ValidationError naming each field,
   * PayloadTooLargeError); `start` then starts it. For callers that act between the two, like an auth hook.
   */
  check(jobName: string, input: unknown, options?: TriggerOptions<TLabels>): Promise<CheckedTrigger>
  /** Starts checked triggers in order: one goes the single-run way, several as one batch. */
  start(checked: CheckedTrigger[]): Promise<TriggerResult<unknown, TLabels>[]>
  getRun(runId: string): Promise<Run<TLabels> | null>
  getRuns(filter?: RunFilter<TLabels>): Promise<Run<TLabels>[]>
  countRuns(filter?: RunFilter<TLabels>): Promise<number>
  getSteps(runId: string): Promise<Step[]>
  /** Stored logs of a run in order, after `afterSequence` (exclusive), at most `limit` (default 500). */
  getLogs(runId: string, page?: { afterSequence?: number; limit?: number }): Promise<Log[]>
  /** Cancels a pending or leased run; ConflictError when it already ended, NotFoundError when unknown. */
  cancel(runId: string): Promise<void>
  /** A fresh run with the same job, input and labels; ConflictError while the run is still active. */
  retrigger(runId: string): Promise<Run<TLabels>>
  /** Deletes a finished run with its steps, logs and labels; ConflictError while it is active. */
  deleteRun(runId: string): Promise<void>
  /** Events of one run: a snapshot of its state first, then live events, ending after a terminal one. */
  subscribe(runId: string, options?: { afterSequence?: number }): ReadableStream<DurablyEvent>
  /**
   * The same events as a ready `text/event-stream` response (with `id:` lines and keep-alives), for HTTP handlers.
   * `lastEventId` replays what came after it; progress is throttled to one per `throttleMs` (first and last kept).
   */
  openRunStream(runId: string, options?: { lastEventId?: number; throttleMs?: number }): Promise<Response>
  /** A `text/event-stream` response of list events (lifecycle, progress, steps, logs) of runs matching the filter. */
  openRunsFeed(filter?: { jobName?: string[]; labels?: Labels }, options?: { throttleMs?: number }): Promise<Response>
}

// biome-ignore lint: any lets `typeof durably` of any app satisfy the client's constraint
export type AnyDurably = Durably<Record<string, JobHandle<string, any, any, any>>, any>
