// The records the protocol carries: runs (as stored and as clients see them), steps and log lines.
import type { LogLevel, RunStatus, StepStatus } from './statuses'

export type Labels = Record<string, string>

export interface ProgressData {
  current: number
  total?: number
  message?: string
}

/** A run as the store holds it. */
export interface Run<TLabels extends Labels = Labels> {
  id: string
  jobName: string
  input: unknown
  status: RunStatus
  idempotencyKey: string | null
  concurrencyKey: string | null
  currentStepIndex: number
  completedStepCount: number
  progress: ProgressData | null
  output: unknown | null
  error: string | null
  labels: TLabels
  leaseOwner: string | null
  leaseExpiresAt: string | null
  leaseGeneration: number
  startedAt: string | null
  completedAt: string | null
  createdAt: string
  updatedAt: string
}

/** A run as HTTP clients see it: internal lease fields stripped, two derived flags added. */
export type ClientRun<TLabels extends Labels = Labels> = Omit<
  Run<TLabels>,
  'idempotencyKey' | 'concurrencyKey' | 'leaseOwner' | 'leaseExpiresAt' | 'leaseGeneration' | 'updatedAt'
> & { isTerminal: boolean; isActive: boolean }

export interface Step {
  id: string
  runId: string
  name: string
  index: number
  status: StepStatus
  output: unknown | null
  error: string | null
  startedAt: string
  completedAt: string | null
}

export interface Log {
  id: string
  runId: string
  /** Position of the log in its run's event stream (also the SSE id of its `log:write`). */
  sequence: number
  stepName: string | null
  level: LogLevel
  message: string
  data: unknown | null
  createdAt: string
}
