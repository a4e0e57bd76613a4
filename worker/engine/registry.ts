// The jobs and settings of this Worker, shared by the HTTP side (trigger) and the run shards (execution).
import type { AnyJobDefinition } from './types'

export interface EngineSettings {
  /** Wall time one invocation of a run may use before it yields and continues on the next alarm. */
  invocationBudgetMs: number
  /** How long a claimed lease is shown as held in D1 (informational; the shard's alarm is the real pointer). */
  leaseMs: number
  /** If an executor vanishes mid-run, its alarm fires again after at most this long. */
  watchdogMs: number
  /** Delay before journal entries are mirrored to D1 in one batch. */
  mirrorDelayMs: number
  /** How long the D1 gateway gathers the shards' batches before it sends them as one (0: at once when idle). */
  d1BatchWindowMs: number
  /**
   * Run shards new runs are spread over (1 to 1024). Each shard is one Durable Object hosting many runs; more shards
   * mean more parallel executors. Runs keep the shard they were created on, so this can change at any time.
   */
  runShards: number
  /**
   * How long a finished run's journal stays in its shard once D1 has recorded its ending (for stream replay by
   * `Last-Event-ID`); after that the run is read from D1 alone. `Infinity` keeps journals until the run is deleted.
   */
  journalRetentionMs: number
}

const jobs = new Map<string, AnyJobDefinition>()

export const settings: EngineSettings = {
  invocationBudgetMs: 10_000,
  leaseMs: 30_000,
  watchdogMs: 3_000,
  mirrorDelayMs: 20,
  d1BatchWindowMs: 10,
  runShards: 16,
  journalRetentionMs: 3_600_000,
}

export function registerJob(job: AnyJobDefinition): void {
  const existing = jobs.get(job.name)
  if (existing && existing !== job) throw new Error(`Two different jobs are named "${job.name}"`)
  jobs.set(job.name, job)
}

export function findJob(name: string): AnyJobDefinition | undefined {
  return jobs.get(name)
}

export function jobNames(): string[] {
  return [...jobs.keys()]
}

export function configureEngine(overrides: Partial<EngineSettings>): void {
  Object.assign(settings, overrides)
}
