// The jobs and settings of this Worker, shared by the HTTP side (trigger) and the run shards (execution).
import { durationMs, type Duration } from './time/duration'
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
  /**
   * How long a finished (completed, failed or cancelled) run is kept after it ended, with its steps, logs, labels and
   * attempts; the Worker's scheduled sweep deletes older ones. `Infinity` (the default) keeps runs for ever.
   */
  retainRunsMs: number
}

/** Settings as `createDurably` takes them: any engine setting, and `retainRuns` as a duration ('30d'). */
export interface DurablySettings extends Partial<EngineSettings> {
  /** The same as `retainRunsMs`, written as a duration: milliseconds or '30d', '12h', '2w'. */
  retainRuns?: Duration
}

/** The settings part of an app's instance (`createDurably` returns it with the job handles). */
export interface EngineConfiguration {
  /** The settings in effect in this isolate. */
  readonly settings: Readonly<EngineSettings>
  /**
   * Changes some settings in this isolate from their next use on (tests change them between tests).
   * Only this isolate sees the change: settings every isolate must share go to `createDurably({ settings })`.
   */
  configure(settings: Partial<EngineSettings>): void
}

/** The defaults, before any `createDurably({ settings })`. */
export const DEFAULT_SETTINGS: Readonly<EngineSettings> = Object.freeze({
  invocationBudgetMs: 10_000,
  leaseMs: 30_000,
  watchdogMs: 3_000,
  mirrorDelayMs: 20,
  d1BatchWindowMs: 10,
  runShards: 16,
  journalRetentionMs: 3_600_000,
  retainRunsMs: Number.POSITIVE_INFINITY,
})

const jobs = new Map<string, AnyJobDefinition>()

/**
 * The engine's settings in this isolate, read by the HTTP side and by the Durable Objects the isolate runs. Module
 * scope may hold only plain synchronous data (see d1/db.ts): this is one object of numbers, nothing awaits it or holds
 * it across a request, so concurrent requests and objects share it safely. Every isolate (the Worker's and those
 * running its Durable Objects) evaluates the Worker's module, whose `createDurably({ settings })` sets the same values
 * before any request or alarm arrives.
 */
export const settings: EngineSettings = { ...DEFAULT_SETTINGS }

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

/**
 * Sets the given settings in this isolate (undefined ones are skipped); the others keep their values. Throws a TypeError for an unknown setting or
 * a value that is not a number of zero or more (`Infinity` allowed), before anything changes.
 */
export function applySettings(overrides: Partial<EngineSettings>): void {
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue
    if (!(key in DEFAULT_SETTINGS)) throw new TypeError(`Unknown engine setting: ${key}`)
    if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`Engine setting ${key} must be a number of 0 or more, got ${String(value)}`)
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) settings[key as keyof EngineSettings] = value
  }
}

/** The engine settings of `createDurably({ settings })`: `retainRuns` becomes `retainRunsMs` (a TypeError names a bad one). */
export function resolveSettings({ retainRuns, ...settings }: DurablySettings): Partial<EngineSettings> {
  if (retainRuns === undefined) return settings
  if (settings.retainRunsMs !== undefined) throw new TypeError('Engine settings retainRuns and retainRunsMs: give one of them')
  return { ...settings, retainRunsMs: durationMs(retainRuns, 'Engine setting retainRuns') }
}
