// Retriggering a finished run, optionally from a chosen step: earlier steps are copied from it, later ones execute.
import type { EngineEnv } from '../bindings'
import { ValidationError } from '../errors'
import { listSteps } from '../d1/run-store'
import type { SeedStep } from '../rpc'
import { checkTrigger, triggerRun } from './trigger'
import type { AnyJobDefinition, RetriggerOptions, Run, TriggerResult } from '../types'

function invalidFromStep(message: string): ValidationError {
  return new ValidationError(`fromStep ${message}`, [{ path: 'fromStep', message }])
}

/** The source run's completed steps before `fromStep`, to be copied into the new run's journal. */
async function stepsToCopy(d1: D1Database, source: Run, fromStep: number): Promise<SeedStep[]> {
  if (!Number.isInteger(fromStep) || fromStep < 0) throw invalidFromStep('must be a step index (an integer of 0 or more)')
  if (fromStep === 0) return []
  const earlier = (await listSteps(d1, source.id)).filter((step) => step.index < fromStep)
  const completed = earlier.filter((step) => step.status === 'completed')
  if (completed.length !== fromStep) {
    throw invalidFromStep(`must be at most ${completed.length}: the run completed ${completed.length} step(s) before it`)
  }
  return completed.map((step) => ({
    name: step.name,
    output: step.output === null || step.output === undefined ? null : JSON.stringify(step.output),
    startedAt: step.startedAt,
    completedAt: step.completedAt ?? step.startedAt,
  }))
}

/** Starts the new run (input checked by the job's schema, the source's labels kept). D1 must have the source's steps. */
export async function rerun(env: EngineEnv, job: AnyJobDefinition, source: Run, options: RetriggerOptions = {}): Promise<TriggerResult<unknown>> {
  const input = options.input === undefined ? source.input : options.input
  const checked = await checkTrigger(job, input, { labels: source.labels })
  const seeds = await stepsToCopy(env.DB, source, options.fromStep ?? 0)
  return triggerRun(env, checked, { seedSteps: seeds })
}
