// defineJob: a job as code (name, zod input and output schemas, and the step function), typed from its schemas.
import type { z } from 'zod'
import { resolveRetryPolicy } from './time/retry-policy'
import type { JobDefinition, JobRunFunction, JobSchedule, RetryPolicy } from './types'

export interface DefineJobConfig<
  TName extends string,
  TInputSchema extends z.ZodType,
  TOutputSchema extends z.ZodType | undefined,
> {
  name: TName
  input: TInputSchema
  output?: TOutputSchema
  run: JobRunFunction<z.infer<TInputSchema>, TOutputSchema extends z.ZodType ? z.infer<TOutputSchema> : void>
  /** Retries of the job's steps (each step may set its own); none by default. */
  retries?: RetryPolicy | number
  /** One or several cron schedules that trigger the job. */
  schedule?: JobSchedule | JobSchedule[]
}

/** Longest job name. */
export const MAX_JOB_NAME_LENGTH = 100

/**
 * Defines a job. Register it with `createDurably({ jobs: { myJob } })`.
 *
 * @example
 * export const syncUsers = defineJob({
 *   name: 'sync-users',
 *   input: z.object({ orgId: z.string() }),
 *   output: z.object({ synced: z.number() }),
 *   run: async (step, input) => {
 *     const users = await step.run('fetch', () => fetchUsers(input.orgId))
 *     return { synced: users.length }
 *   },
 * })
 */
export function defineJob<
  TName extends string,
  TInputSchema extends z.ZodType,
  TOutputSchema extends z.ZodType | undefined = undefined,
>(
  config: DefineJobConfig<TName, TInputSchema, TOutputSchema>,
): JobDefinition<TName, z.infer<TInputSchema>, TOutputSchema extends z.ZodType ? z.infer<TOutputSchema> : void> {
  if (config.name.length > MAX_JOB_NAME_LENGTH || !/^[a-z0-9][a-z0-9._-]*$/i.test(config.name)) {
    throw new Error(`Invalid job name "${config.name}": use letters, digits, '.', '_' or '-' (at most ${MAX_JOB_NAME_LENGTH})`)
  }
  // A policy that cannot work fails where it is written, not at the first failing step.
  if (config.retries !== undefined) resolveRetryPolicy(config.retries, `job "${config.name}" retries`)
  return {
    name: config.name,
    input: config.input as never,
    output: config.output as never,
    run: config.run as never,
    retries: config.retries,
    schedules: config.schedule === undefined ? [] : Array.isArray(config.schedule) ? config.schedule : [config.schedule],
  }
}
