// createDurably<typeof durably>({ api }): the typed client; job keys become hook groups, plus cross-job hooks.
import type { AnyDurably } from '../../worker/engine/types'
import { createCore, type CoreOptions, type DurablyCore } from './core'
import type { CreateDurablyOptions, DurablyClient, JobHooks, RunsQuery } from './types'
import { useAuth } from './use-auth'
import { useJob } from './use-job'
import { useJobNames } from './use-job-names'
import { useLogs } from './use-logs'
import { useRun } from './use-run'
import { useRunActions } from './use-run-actions'
import { useRunSteps } from './use-run-steps'
import { useStepAttempts } from './use-step-attempts'
import { useRuns } from './use-runs'
import { useRunWaits } from './use-run-waits'
import { useSignalDraft } from './use-signal-draft'
import { useSignalKept } from './use-signal-kept'

/** Hooks that are not tied to one job; also handy where only a run id is known (a run detail page). */
function createBuiltins(core: DurablyCore) {
  return {
    $core: core,
    useRuns: (query?: RunsQuery) => useRuns(core, query),
    useRunActions: () => useRunActions(core),
    useRun: <TOutput = unknown>(runId: string | null) => useRun<TOutput>(core, runId),
    useLogs: (runId: string | null) => useLogs(core, runId),
    useRunSteps: (runId: string | null) => useRunSteps(core, runId),
    useStepAttempts: (runId: string, stepIndex: number) => useStepAttempts(core, runId, stepIndex),
    useRunWaits: (runId: string | null) => useRunWaits(core, runId),
    useSignalDraft: (runId: string, waitId: string, template: string) => useSignalDraft(core, runId, waitId, template),
    useSignalKept: (waitId: string | null) => useSignalKept(core, waitId),
    useAuth: () => useAuth(core),
    useJobNames: () => useJobNames(core),
  }
}

export type DurablyBuiltins = ReturnType<typeof createBuiltins>

function createJobHooks(core: DurablyCore, key: string): JobHooks<unknown, unknown> {
  return {
    get jobName() {
      return core.names.nameNow(key)
    },
    useJob: (options) => useJob(core, key, options),
    useRun: (runId) => useRun(core, runId),
    useLogs: (runId) => useLogs(core, runId),
  }
}

/**
 * The typed client of a durably server. Only the server's *type* is imported, so no server code is bundled:
 *
 * ```ts
 * import type { durably } from '../../worker/durably'
 * export const client = createDurably<typeof durably>({ api: '/api/durably' })
 * const { trigger, progress, isCompleted } = client.importCsv.useJob()
 * ```
 *
 * A job key maps to the job's registered name: an entry of `jobNames` if given (the app passes its registry's map,
 * worker/job-names.ts, so the server is never asked), else the name from the server's OpenAPI job list that matches it
 * ignoring case and punctuation, else the key in kebab-case (importCsv → import-csv).
 */
export function createDurably<T extends AnyDurably>(
  options: CreateDurablyOptions & Pick<CoreOptions, 'eventSource'>,
): DurablyClient<T> & DurablyBuiltins {
  const core = createCore(options)
  const builtins: Record<string, unknown> = createBuiltins(core)
  const jobs = new Map<string, JobHooks<unknown, unknown>>()
  return new Proxy(builtins, {
    get(target, key) {
      if (typeof key !== 'string') return undefined
      if (key in target) return target[key]
      let hooks = jobs.get(key)
      if (!hooks) {
        hooks = createJobHooks(core, key)
        jobs.set(key, hooks)
      }
      return hooks
    },
  }) as DurablyClient<T> & DurablyBuiltins
}
