// Public types of the engine: runs, steps, logs, jobs and the durably instance (shapes of the durably protocol).
import type { z } from 'zod'
import type { DurablyEvent } from './protocol/events'
import type { Attempt, DurableWait, DurableWaitResult, Labels, Log, Run, Step } from './protocol/records'
import type { RunStatus } from './protocol/statuses'
import type { Duration } from './time/duration'
import type { RetryPolicy } from './time/retry-policy'
import type { PurgeOptions, PurgeResult, SweepOptions, SweepResult } from './retention/purge-options'
import type { ScheduleOperations } from './schedules/schedule-schema'
import type { WaitOperations } from './waits/wait-types'
import type { EventOperations, EventWaitResult, WaitForEventOptions } from './events/event-types'
import type { WaitForRunOptions } from './wait-for-run'

export type { Duration } from './time/duration'
export type { Backoff, RetryPolicy } from './time/retry-policy'

export type { Attempt, ClientRun, DurableWait, DurableWaitResult, Labels, Log, ProgressData, Run, Step, WaitingFor } from './protocol/records'
export {
  ACTIVE_STATUSES,
  ATTEMPT_OUTCOMES,
  isActiveStatus,
  isTerminalStatus,
  isWaitingStatus,
  WAITING_STATUSES,
  LOG_LEVELS,
  RUN_STATUSES,
  STEP_STATUSES,
  TERMINAL_STATUSES,
  type AttemptOutcome,
  type LogLevel,
  type WaitOutcome,
  type WaitStatus,
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
  /**
   * With a concurrency key, reuse a run of the same job and key instead of creating one (disposition 'coalesced').
   * 'queue' (and 'skip', its other name): the pending run of the key; with none, a new run is created, which waits
   * behind a running one, so a key has at most one run waiting its turn. 'active': the pending run, else the running
   * (leased) run, else the oldest waiting (suspended) run; with none, a new run. Finished runs never count. A run that
   * already holds the idempotency key is returned first ('idempotent').
   */
  coalesce?: 'skip' | 'queue' | 'active'
  /** Start the run this long from now (milliseconds or '30s', '5m', …); it stays pending until then. */
  delay?: Duration
  /** Start the run at this time (a Date or an ISO 8601 date-time); it stays pending until then. */
  runAt?: Date | string
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

export interface RetriggerOptions {
  /** Index of the first step to execute again (0: all); earlier steps are copied from the source run. */
  fromStep?: number
  /** The new run's input instead of the source run's. */
  input?: unknown
}

export interface InvokeOptions {
  /** The child's labels (besides `stepflare.parent`). */
  labels?: Labels
  /** Past this many milliseconds the child is cancelled and invoke throws a ChildRunError ('timed_out'). */
  timeoutMs?: number
}

export interface PrepareWaitOptions {
  /** JSON shown with the wait (what it is for, which commit, …). */
  metadata?: unknown
  /** The wait resolves as a timeout this long after it was first prepared (a positive integer of milliseconds). */
  timeoutMs?: number
}

/** What a step's function learns of the attempt it runs in. */
export interface StepAttempt {
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly number: number
  /** What this attempt recorded so far (undefined when nothing). */
  readonly metadata: unknown
  /** Replaces what this attempt records (JSON, at most 64 KiB): shown with the attempt (GET /attempts, the dashboard). */
  setMetadata(value: unknown): void
  /** Log lines attributed to this step (also right inside a branch of step.all, where steps run side by side). */
  readonly log: {
    info(message: string, data?: unknown): void
    warn(message: string, data?: unknown): void
    error(message: string, data?: unknown): void
  }
}

export interface StepOptions {
  /** Retries of this step (overrides the job's `retries`); a number is `{ limit }`. */
  retries?: RetryPolicy | number
  /** Each attempt's deadline: then its signal fires and the attempt fails as timed out (retried by the policy). */
  timeout?: Duration
  /** Each attempt's initial metadata (JSON), which `attempt.setMetadata` replaces. */
  metadata?: unknown
}

/** A cron schedule declared with a job: each fire time triggers one run with `input`. */
export interface JobSchedule {
  /** Five fields (minute hour day-of-month month day-of-week), or six with seconds first. */
  cron: string
  /** IANA time zone the cron is read in (default 'UTC'). */
  timezone?: string
  /** The input of each run (checked by the job's input schema when the schedule is created). */
  input?: unknown
  /** Tells several schedules of one job apart (default: its position, '0', '1', …). */
  name?: string
}

/** What a job's `run` function gets as its first argument. */
export interface StepContext {
  readonly runId: string
  /** Fires when the run is cancelled or this executor lost its lease. */
  readonly signal: AbortSignal
  isAborted(): boolean
  throwIfAborted(): void
  /**
   * Runs `fn` once per run: its result is stored, and a replay answers from the store. A failed attempt is retried
   * by `options.retries` (or the job's `retries`; none by default), each after its backoff, as a due time.
   */
  run<T>(name: string, fn: (signal: AbortSignal, attempt: StepAttempt) => T | Promise<T>, options?: StepOptions): Promise<T>
  /**
   * Runs named steps side by side and answers their results by name once every branch has settled. Each branch is a
   * step (journaled, retried by the job's policy); after a restart only unfinished branches run again. If branches
   * fail, the first failing one in key order fails the run; a branch's retry waits until every branch has settled.
   */
  all<T extends Record<string, (signal: AbortSignal, attempt: StepAttempt) => unknown>>(
    branches: T,
  ): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }>
  /** Suspends the run for `duration` (status `waiting`; no lease, key or CPU held); resumes on time after restarts. */
  sleep(name: string, duration: Duration): Promise<void>
  /** Like `sleep`, until `until` (a Date or an ISO 8601 date-time); a time in the past returns at once. */
  sleepUntil(name: string, until: Date | string): Promise<void>
  /**
   * A durable wait named `name` (unique in the run): its id is the address a signal is sent to. Prepared once; a
   * replay returns the same wait, id and deadline. Prepare and await waits between steps, never inside one.
   */
  prepareWait(name: string, options?: PrepareWaitOptions): Promise<DurableWait>
  /**
   * The wait's result: `{ type: 'signal', payload }` or `{ type: 'timeout' }` (a normal result). Until it has one
   * the run is `waiting`: it holds no lease or key and resumes when the signal or the deadline comes.
   */
  waitFor(wait: { id: string }): Promise<DurableWaitResult>
  /**
   * Waits (durably, as `waitFor`) for the next event `options.event` whose payload has the `match` fields, sent with
   * `durably.sendEvent` or `POST /events` after this wait exists; `{ type: 'timeout' }` after `timeoutMs`.
   */
  waitForEvent(name: string, options: WaitForEventOptions): Promise<EventWaitResult>
  /**
   * Starts a run of `job` as this run's child and waits for it durably (this run holds no lease meanwhile): resolves
   * with the child's output, or throws a ChildRunError when it failed, was cancelled, or passed `timeoutMs` (the child is
   * then cancelled). Cancelling this run cancels the child. The child carries the label `stepflare.parent`.
   */
  invoke<TOutput>(name: string, job: JobDefinition<string, any, TOutput> | string, input: unknown, options?: InvokeOptions): Promise<TOutput>
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
  /** The job's retry policy for its steps (a step's own `retries` overrides it). */
  readonly retries: RetryPolicy | number | undefined
  /** Cron schedules that trigger this job. */
  readonly schedules: readonly JobSchedule[]
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
> extends ScheduleOperations, WaitOperations, EventOperations {
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
  /**
   * Resolves with the run once it ended (completed, failed or cancelled), calling `onProgress`/`onLog` meanwhile;
   * rejects after `timeout` ms (default 15 min; the run goes on) or when the run is unknown or deleted.
   */
  waitForRun(runId: string, options?: WaitForRunOptions): Promise<Run<TLabels>>
  getRuns(filter?: RunFilter<TLabels>): Promise<Run<TLabels>[]>
  countRuns(filter?: RunFilter<TLabels>): Promise<number>
  getSteps(runId: string): Promise<Step[]>
  /** Every attempt of the run's steps, in step and attempt order (a completed step is its last attempt). */
  getAttempts(runId: string): Promise<Attempt[]>
  /** Stored logs of a run in order, after `afterSequence` (exclusive), at most `limit` (default 500). */
  getLogs(runId: string, page?: { afterSequence?: number; limit?: number }): Promise<Log[]>
  /** Cancels a pending or leased run; ConflictError when it already ended, NotFoundError when unknown. */
  cancel(runId: string): Promise<void>
  /**
   * A fresh run with the same job, input and labels; ConflictError while the run is still active. With `fromStep`,
   * steps before that index are copied from the run's journal and that step and the later ones execute again; `input`
   * replaces the run's input (checked by the job's schema).
   */
  retrigger(runId: string, options?: RetriggerOptions): Promise<Run<TLabels>>
  /** Deletes a finished run with its steps, logs and labels; ConflictError while it is active. */
  deleteRun(runId: string): Promise<void>
  /**
   * Deletes finished runs (completed, failed, cancelled) that ended longer ago than `olderThan` (a duration such as
   * '30d') or before it (a Date or ISO date-time), oldest first, at most `limit` (default 500), with their steps, logs,
   * labels and attempts; never a pending, leased or waiting run. `more` says whether such runs remain: call again.
   */
  purgeRuns(options: PurgeOptions): Promise<PurgeResult>
  /**
   * Deletes finished runs older than the `retainRuns` setting in bounded batches (nothing when runs are kept for
   * ever); the Worker's scheduled handler calls it, and what one sweep leaves the next one takes.
   */
  sweepRuns(options?: SweepOptions): Promise<SweepResult>
  /** Events of one run: a snapshot of its state first, then live events, ending after a terminal one. */
  subscribe(runId: string, options?: { afterSequence?: number }): ReadableStream<DurablyEvent>
  /**
   * The same events as a ready `text/event-stream` response (with `id:` lines and keep-alives), for HTTP handlers.
   * `lastEventId` replays what came after it; progress is throttled to one per `throttleMs` (first and last kept).
   * A new stream opens with `run:snapshot`, then (unless `snapshot` is true: the client reads the snapshot) the
   * run's latest lifecycle event, latest progress and newest logs as stored, for clients that ignore the snapshot.
   */
  openRunStream(runId: string, options?: { lastEventId?: number; throttleMs?: number; snapshot?: boolean }): Promise<Response>
  /** A `text/event-stream` response of list events (lifecycle, progress, steps, logs) of runs matching the filter. */
  openRunsFeed(filter?: { jobName?: string[]; labels?: Labels }, options?: { throttleMs?: number }): Promise<Response>
}

// biome-ignore lint: any lets `typeof durably` of any app satisfy the client's constraint
export type AnyDurably = Durably<Record<string, JobHandle<string, any, any, any>>, any>
