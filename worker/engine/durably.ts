// createDurably: the server-side instance an app builds from its jobs (trigger, queries, cancel, retrigger, delete, subscribe).
import { env as workerEnv } from 'cloudflare:workers'
import { feedStub, runStub, type EngineEnv } from './bindings'
import { isRunId } from './ids'
import { ConflictError, NotFoundError } from './errors'
import type { DurablyEvent } from './protocol/events'
import { mergeEventStreams } from './feed/feed-merge'
import {
  applySettings,
  findJob,
  jobNames,
  registerJob,
  resolveSettings,
  settings,
  type DurablySettings,
  type EngineConfiguration,
} from './registry'
import { countRuns, deleteFinishedRun, getRun, listLogs, listRuns, listSteps } from './d1/run-store'
import { parseEventStream } from './protocol/sse-parse'
import { listAttempts } from './d1/attempt-store'
import { holdLease } from './stream/stream-hold'
import { checkTrigger, triggerRun } from './trigger/trigger'
import { rerun } from './trigger/rerun'
import { checkAll, triggerRuns } from './trigger/batch-trigger'
import { purgeRuns } from './retention/purge-runs'
import { sweepFinishedRuns } from './retention/retention-sweep'
import { scheduleOperations } from './schedules/schedule-api'
import { waitOperations } from './waits/wait-api'
import { waitForRun } from './wait-for-run'
import { eventOperations } from './events/event-api'
import {
  isTerminalStatus,
  type AnyJobDefinition,
  type Durably,
  type JobHandle,
  type JobHandles,
  type Labels,
  type Run,
  type RunFilter,
  type TriggerOptions,
} from './types'

export interface DurablyOptions<TJobs extends Record<string, AnyJobDefinition>> {
  jobs: TJobs
  /** Bindings to use; defaults to the Worker's `env` from `cloudflare:workers`. */
  env?: EngineEnv
  /**
   * Engine settings that differ from the defaults (`runShards`, `journalRetentionMs`, `retainRuns: '30d'`, …; see
   * EngineSettings). They are the isolate's: the run shards and the D1 gateway it runs read them too, so create one
   * instance per Worker.
   */
  settings?: DurablySettings
}

/**
 * Reads a run from its shard, which is ahead of D1 while its mirror catches up (a run it has not sent yet, an ending
 * on its way); D1 answers for runs no shard holds.
 */
async function readRun(env: EngineEnv, runId: string): Promise<Run | null> {
  const viewed = isRunId(runId) ? await runStub(env, runId).view(runId) : null
  return viewed ?? getRun(env.DB, runId)
}

/**
 * Lets D1 catch up with what the run's shard journaled so far (steps, logs, its ending) before D1 is read. Best
 * effort: if the shard cannot send its batch now, D1 is read as it is (the batch follows when it can).
 */
async function settle(env: EngineEnv, runId: string): Promise<void> {
  if (!isRunId(runId)) return
  await runStub(env, runId)
    .settle(runId)
    .catch((error: unknown) => console.warn(`run ${runId}: could not settle its D1 writes: ${String(error)}`))
}

async function requireRun(env: EngineEnv, runId: string): Promise<Run> {
  const run = await readRun(env, runId)
  if (!run) throw new NotFoundError(`Run not found: ${runId}`)
  return run
}

function createHandle(bindings: () => EngineEnv, job: AnyJobDefinition): JobHandle<string, unknown, unknown> {
  const handle: JobHandle<string, unknown, unknown> = {
    name: job.name,
    trigger: async (input, options) => triggerRun(bindings(), await checkTrigger(job, input, options)),
    async triggerAndWait(input, options) {
      const run = await handle.trigger(input, options)
      const deadline = Date.now() + (options?.timeout ?? 15 * 60_000)
      const reader = parseEventStream<DurablyEvent>((await runStream(bindings(), run.id, { snapshot: true })).body ?? new ReadableStream()).getReader()
      try {
        while (Date.now() < deadline) {
          const { done, value } = await reader.read()
          if (done) break
          const event = value.data
          if (event.type === 'run:complete') return { id: run.id, output: event.output, disposition: run.disposition }
          if (event.type === 'run:fail') throw new Error(event.error)
          if (event.type === 'run:cancel' || event.type === 'run:delete') throw new Error(`Run ${run.id} was ${event.type.slice(4)}d`)
          if (event.type === 'run:snapshot' && event.run.status === 'completed') {
            return { id: run.id, output: event.run.output, disposition: run.disposition }
          }
        }
      } finally {
        reader.cancel().catch(() => {})
      }
      throw new Error(`Timed out waiting for run ${run.id}`)
    },
    batchTrigger: async (inputs) =>
      triggerRuns(
        bindings(),
        await checkAll(
          inputs.map((item) => {
            const wrapped = typeof item === 'object' && item !== null && 'input' in item && Object.keys(item).every((k) => k === 'input' || k === 'options')
            return wrapped
              ? { job, input: (item as { input: unknown }).input, options: (item as { options?: TriggerOptions }).options }
              : { job, input: item }
          }),
        ),
      ),
    getRun: async (id) => {
      const run = await readRun(bindings(), id)
      return run && run.jobName === job.name ? run : null
    },
    getRuns: (filter) => listRuns(bindings().DB, { ...filter, jobName: job.name }),
  }
  return handle
}

/** What a run stream starts from: `Last-Event-ID`, the progress throttle, and whether the client reads `run:snapshot`. */
type StreamOpening = { lastEventId?: number; throttleMs?: number; snapshot?: boolean }

/** The run's stream from its shard; the shard keeps its subscriber until the stream ends or its reader leaves. */
async function runStream(env: EngineEnv, runId: string, opening: StreamOpening): Promise<Response> {
  const { lastEventId, throttleMs = 100, snapshot = false } = opening
  const options = lastEventId === undefined ? { throttleMs, snapshot } : { lastEventId, throttleMs, snapshot }
  const { response, lease } = await runStub(env, runId).openStream(runId, options)
  return holdLease(response, lease)
}

/**
 * Creates the Stepflare instance of an app.
 *
 * @example
 * export const durably = createDurably({ jobs: { importCsv: importCsvJob }, settings: { runShards: 64 } })
 * const run = await durably.jobs.importCsv.trigger({ filename: 'a.csv', rows: [] })
 */
export function createDurably<TJobs extends Record<string, AnyJobDefinition>, TLabels extends Labels = Labels>(
  options: DurablyOptions<TJobs>,
): Durably<JobHandles<TJobs, TLabels>, TLabels> & EngineConfiguration {
  if (options.settings) applySettings(resolveSettings(options.settings))
  const bindings = () => options.env ?? (workerEnv as unknown as EngineEnv)
  const handles: Record<string, JobHandle<string, unknown, unknown>> = {}
  const byName = new Map<string, JobHandle<string, unknown, unknown>>()
  const definitions = new Map<string, AnyJobDefinition>()
  for (const [key, job] of Object.entries(options.jobs)) {
    registerJob(job)
    const handle = createHandle(bindings, job)
    handles[key] = handle
    byName.set(job.name, handle)
    definitions.set(job.name, job)
  }
  const d1 = () => bindings().DB
  /** The definition of a job this instance registered; NotFoundError for any other name. */
  const registered = (jobName: string): AnyJobDefinition => {
    const job = definitions.get(jobName)
    if (!job) throw new NotFoundError(`Job not found: ${jobName}`)
    return job
  }

  const durably: Durably & EngineConfiguration = {
    get settings() {
      return { ...settings }
    },
    configure: applySettings,
    ...scheduleOperations(bindings, registered),
    ...waitOperations(bindings),
    ...eventOperations(bindings),
    jobs: handles as never,
    definitions,
    getJob: (name) => byName.get(name),
    triggerBatch: async (requests) =>
      triggerRuns(
        bindings(),
        await checkAll(requests.map((request) => ({ job: registered(request.jobName), input: request.input, options: request.options }))),
      ),
    check: (jobName, input, options) => checkTrigger(registered(jobName), input, options),
    async start(checked) {
      if (checked.length === 1 && checked[0]) return [await triggerRun(bindings(), checked[0])]
      return triggerRuns(bindings(), checked)
    },
    getRun: (runId) => readRun(bindings(), runId),
    waitForRun: (runId, waitOptions) =>
      waitForRun(runId, () => runStream(bindings(), runId, { snapshot: true }), () => readRun(bindings(), runId), waitOptions),
    getRuns: (filter?: RunFilter) => listRuns(d1(), filter),
    countRuns: (filter?: RunFilter) => countRuns(d1(), filter),
    async getSteps(runId) {
      await settle(bindings(), runId)
      return listSteps(d1(), runId)
    },
    async getAttempts(runId) {
      await settle(bindings(), runId)
      return listAttempts(d1(), runId)
    },
    async getLogs(runId, page) {
      await settle(bindings(), runId)
      return listLogs(d1(), runId, page?.afterSequence, page?.limit)
    },
    async cancel(runId) {
      const run = await requireRun(bindings(), runId)
      if (isTerminalStatus(run.status)) throw new ConflictError(`Cannot cancel ${run.status} run: ${runId}`)
      await runStub(bindings(), runId).cancel(runId)
    },
    async retrigger(runId, retriggerOptions) {
      const run = await requireRun(bindings(), runId)
      if (!isTerminalStatus(run.status)) throw new ConflictError(`Cannot retrigger ${run.status} run: ${runId}`)
      const job = findJob(run.jobName)
      if (!job) throw new NotFoundError(`Unknown job: ${run.jobName}`)
      if (retriggerOptions?.fromStep) await settle(bindings(), runId)
      return rerun(bindings(), job, run, retriggerOptions)
    },
    async deleteRun(runId) {
      const run = await requireRun(bindings(), runId)
      if (!isTerminalStatus(run.status)) throw new ConflictError(`Cannot delete ${run.status} run: ${runId}`)
      // The shard announces an ending before D1 records it: let D1 catch up, or it would still see the run active.
      await settle(bindings(), runId)
      if (!(await deleteFinishedRun(d1(), runId))) {
        throw new ConflictError(`Cannot delete run ${runId}: it changed meanwhile`)
      }
      await runStub(bindings(), runId).purge(runId)
    },
    purgeRuns: (purgeOptions) => purgeRuns(bindings(), purgeOptions),
    sweepRuns: (sweepOptions) => sweepFinishedRuns(bindings(), settings.retainRunsMs, sweepOptions),
    subscribe(runId, subscribeOptions) {
      const { readable, writable } = new TransformStream<DurablyEvent, DurablyEvent>()
      void (async () => {
        const afterSequence = subscribeOptions?.afterSequence
        const response = await runStream(bindings(), runId, { lastEventId: afterSequence, throttleMs: 0, snapshot: true })
        if (!response.body) return writable.close()
        await parseEventStream<DurablyEvent>(response.body)
          .pipeThrough(new TransformStream({ transform: (event, controller) => controller.enqueue(event.data) }))
          .pipeTo(writable)
      })().catch((error) => writable.abort(error).catch(() => {}))
      return readable
    },
    openRunStream: (runId, streamOptions) => runStream(bindings(), runId, streamOptions ?? {}),
    async openRunsFeed(filter, feedOptions) {
      const throttleMs = feedOptions?.throttleMs ?? 100
      const names = filter?.jobName?.length ? filter.jobName : jobNames()
      const labels = filter?.labels ?? {}
      const responses = await Promise.all(
        [...new Set(names)].map((name) => feedStub(bindings(), name).openFeed(labels, throttleMs)),
      )
      return mergeEventStreams(responses)
    },
  }
  return durably as unknown as Durably<JobHandles<TJobs, TLabels>, TLabels> & EngineConfiguration
}
