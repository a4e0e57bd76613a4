// Types of the browser client: run state, logs, list queries, and the typed surface derived from `typeof durably`.
import type {
  AnyDurably,
  ClientRun,
  Disposition,
  JobHandle,
  Labels,
  LogLevel,
  ProgressData,
  RunStatus,
  Step,
  TriggerOptions,
  WaitingFor,
  Attempt,
  DurableWait,
} from '../../worker/engine/types'
import type { TriggerResponse } from '../../worker/http/types'
import type { DurablyEvent } from '../../worker/engine/protocol/events'

export type { Attempt, ClientRun, DurableWait, Disposition, Labels, LogLevel, ProgressData, RunStatus, Step, DurablyEvent, WaitingFor }

/** One log line of a run, from the stored history or a live `log:write` event. */
export interface LogEntry {
  id: string
  runId: string
  /** Position in the run's event stream; orders and de-duplicates history and live lines. */
  sequence: number
  stepName: string | null
  level: LogLevel
  message: string
  data: unknown
  timestamp: string
}

/** A step as the live stream reports it (the timeline on the run page). */
export interface StepProgress {
  name: string
  index: number
  /** `retrying`: an attempt failed and the next one is due (the run waits meanwhile). */
  status: 'running' | 'retrying' | 'completed' | 'failed' | 'cancelled'
  startedAt: string
  completedAt: string | null
  durationMs: number | null
  /** The step's error; while retrying, the error of the attempt that failed. */
  error: string | null
  /** The attempt running (or, while retrying, the one that failed); 1 unless the step was retried. */
  attempt: number
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closed' | 'error'

/** Everything the client knows about one run; the reducer builds it from SSE events. */
export interface RunState {
  runId: string | null
  run: ClientRun | null
  status: RunStatus | null
  progress: ProgressData | null
  output: unknown
  error: string | null
  /** When a waiting run resumes by itself, or a delayed pending run starts (null otherwise). */
  wakeAt: string | null
  /** What a waiting (or delayed pending) run waits for. */
  waitingFor: WaitingFor | null
  logs: LogEntry[]
  steps: StepProgress[]
  /** Highest event sequence applied; a reconnect resumes after it. */
  lastSequence: number
  isDeleted: boolean
  connection: ConnectionState
  logsLoaded: boolean
}

/** The state fields a run hook returns, named as @coji/durably clients read them. */
export interface RunView<TOutput = unknown> {
  status: RunStatus | null
  progress: ProgressData | null
  output: TOutput | null
  error: string | null
  logs: LogEntry[]
  /** When a waiting run resumes by itself, or a delayed pending run starts. */
  wakeAt: string | null
  waitingFor: WaitingFor | null
  isPending: boolean
  isLeased: boolean
  /** Suspended (a sleep, a retry's backoff): holds no lease until it resumes. */
  isWaiting: boolean
  isCompleted: boolean
  isFailed: boolean
  isCancelled: boolean
  isTerminal: boolean
  isActive: boolean
}

export type { TriggerOptions } from '../../worker/engine/types'
export type { TriggerResponse } from '../../worker/http/types'

export interface UseJobResult<TInput, TOutput> extends RunView<TOutput> {
  trigger(input: TInput, options?: TriggerOptions): Promise<TriggerResponse>
  /** Triggers, then resolves when the run completes (output may be null); rejects when it fails or is cancelled. */
  triggerAndWait(input: TInput, options?: TriggerOptions): Promise<{ runId: string; output: TOutput | null }>
  currentRunId: string | null
  /** True while the trigger request itself is in flight. */
  isTriggering: boolean
  reset(): void
}

export interface UseJobOptions {
  /** Follow this run from the start (e.g. a run id kept in the URL). */
  initialRunId?: string
  /** On mount, follow the job's newest active run, if any. @default true */
  autoResume?: boolean
}

export interface UseRunResult<TOutput> extends RunView<TOutput> {
  run: ClientRun | null
  steps: StepProgress[]
  isDeleted: boolean
  connection: ConnectionState
}

export interface UseLogsResult {
  logs: LogEntry[]
  isLoading: boolean
}

export interface JobHooks<TInput, TOutput> {
  readonly jobName: string
  useJob(options?: UseJobOptions): UseJobResult<TInput, TOutput>
  useRun(runId: string | null): UseRunResult<TOutput>
  useLogs(runId: string | null): UseLogsResult
}

export interface RunsQuery {
  jobName?: string | string[]
  status?: RunStatus | RunStatus[]
  labels?: Labels
  pageSize?: number
}

/** One page of the runs list as the store keeps it. */
export interface RunsState {
  runs: ClientRun[]
  page: number
  /** Total matching runs (from `X-Total-Count`), or null when the server does not send it. */
  total: number | null
  hasMore: boolean
  isLoading: boolean
  error: string | null
  /** Bumped every time a page of runs arrives; lets views that summarise runs refetch alongside. */
  version: number
}

export interface UseRunsResult extends RunsState {
  nextPage(): void
  prevPage(): void
  goToPage(page: number): void
  refresh(): void
}

export interface UseRunActionsResult {
  retrigger(runId: string): Promise<string>
  cancel(runId: string): Promise<void>
  deleteRun(runId: string): Promise<void>
  getRun(runId: string): Promise<ClientRun | null>
  getSteps(runId: string): Promise<Step[]>
  isLoading: boolean
  error: string | null
}

type HandlesOf<T extends AnyDurably> = T['jobs']

/** The typed client: one `JobHooks` per job key of the server's durably instance, plus cross-job hooks. */
export type DurablyClient<T extends AnyDurably> = {
  [K in keyof HandlesOf<T>]: HandlesOf<T>[K] extends JobHandle<string, infer TInput, infer TOutput, Labels>
    ? JobHooks<TInput, TOutput>
    : never
} & {
  useRuns(query?: RunsQuery): UseRunsResult
  useRunActions(): UseRunActionsResult
}

export interface CreateDurablyOptions {
  /** Where the durably handler is mounted, e.g. '/api/durably'. */
  api: string
  /** Explicit job key → job name pairs; wins over the server's job list and the kebab-case rule. */
  jobNames?: Record<string, string>
}
