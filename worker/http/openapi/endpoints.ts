// The handler's endpoints described with their zod schemas: the single source of the OpenAPI paths.
import { z } from 'zod'
import {
  CLIENT_FAILURE_LIMIT,
  FAILURE_WINDOW_MS,
  GLOBAL_FAILURE_LIMIT,
  SESSION_LIFETIME_SECONDS,
} from '../access/limits'
import {
  logsQuerySchema,
  purgeBodySchema,
  runIdQuerySchema,
  runsQuerySchema,
  runsSubscribeQuerySchema,
  sessionBodySchema,
  retriggerBodySchema,
  retriggerQuerySchema,
  signalBodySchema,
  waitQuerySchema,
  eventBodySchema,
  eventsQuerySchema,
  subscribeQuerySchema,
  triggerBatchBodySchema,
} from '../schemas/requests'
import {
  eventDeliverySchema,
  sentEventSchema,
  signalResponseSchema,
  waitSchema,
  attemptSchema,
  clientRunSchema,
  logSchema,
  purgeResponseSchema,
  retriggerResponseSchema,
  sessionStateSchema,
  stepSchema,
  successSchema,
  triggerBatchResponseSchema,
  triggerResponseSchema,
} from '../schemas/responses'
import {
  createScheduleBodySchema,
  scheduleIdQuerySchema,
  scheduleResponseSchema,
  schedulesResponseSchema,
} from '../schemas/schedules'

export type Method = 'get' | 'post' | 'delete'

export interface Endpoint {
  method: Method
  path: string
  summary: string
  query?: z.ZodObject
  /** A JSON body; `'trigger'` is the trigger body built from the registered jobs. */
  body?: z.ZodType | 'trigger'
  /** The 200 answer: a JSON schema, or an event stream. */
  ok: z.ZodType | 'event-stream'
  /** Error statuses besides 401 (which every endpoint may answer). */
  errors: number[]
  /** Answers headers worth documenting. */
  okHeaders?: Record<string, { description: string; schema: Record<string, unknown> }>
  /** True when the endpoint needs no credentials. */
  open?: boolean
}

const RUN_ERRORS = [400, 403, 404]

export const HANDLER_ENDPOINTS: Endpoint[] = [
  {
    method: 'post',
    path: '/trigger',
    summary: 'Start a run of a job (or reuse one by idempotency key or coalescing)',
    body: 'trigger',
    ok: triggerResponseSchema,
    errors: [400, 403, 404, 409, 413],
  },
  {
    method: 'post',
    path: '/trigger/batch',
    summary: 'Start many runs in one request: every run is validated (and passes onTrigger) before any starts',
    body: triggerBatchBodySchema,
    ok: triggerBatchResponseSchema,
    errors: [400, 403, 404, 409, 413],
  },
  {
    method: 'get',
    path: '/runs',
    summary:
      'List runs, newest first. Filter labels with `label.<key>=<value>` parameters (bounded as labels are; ' +
      'an empty or malformed key is a 400 naming the parameter). Other unknown parameters are ignored.',
    query: runsQuerySchema,
    ok: z.array(clientRunSchema),
    errors: [400, 403],
    okHeaders: {
      'X-Total-Count': { description: 'How many runs match the filter, ignoring limit and offset', schema: { type: 'integer' } },
    },
  },
  {
    method: 'get',
    path: '/runs/subscribe',
    summary: 'Server-sent events of list changes (lifecycle, progress) of runs matching `jobName` and `label.<key>`',
    query: runsSubscribeQuerySchema,
    ok: 'event-stream',
    errors: [400, 403],
  },
  {
    method: 'post',
    path: '/runs/purge',
    summary:
      'Delete finished runs (completed, failed, cancelled) that ended longer ago than `olderThan` (a duration such as ' +
      "'30d' or milliseconds) or before it (an ISO 8601 date-time), oldest first, at most `limit` (1 to 5,000; default " +
      '500), with their steps, logs, labels and attempts. Pending, leased and waiting runs are never deleted. Send ' +
      'again while `more` is true. A bad `olderThan` or `limit` is a 400 naming it, and nothing is deleted.',
    body: purgeBodySchema,
    ok: purgeResponseSchema,
    errors: [400, 403, 413],
  },
  { method: 'get', path: '/run', summary: 'One run', query: runIdQuerySchema, ok: clientRunSchema, errors: RUN_ERRORS },
  {
    method: 'delete',
    path: '/run',
    summary: 'Delete a finished run with its steps and logs',
    query: runIdQuerySchema,
    ok: successSchema,
    errors: [...RUN_ERRORS, 409],
  },
  { method: 'get', path: '/steps', summary: 'Steps of a run', query: runIdQuerySchema, ok: z.array(stepSchema), errors: RUN_ERRORS },
  { method: 'get', path: '/waits', summary: "A run's durable waits, in the order they were prepared", query: runIdQuerySchema, ok: z.array(waitSchema), errors: RUN_ERRORS },
  { method: 'get', path: '/wait', summary: 'One durable wait of a run', query: waitQuerySchema, ok: waitSchema, errors: RUN_ERRORS },
  {
    method: 'post',
    path: '/signal',
    summary:
      'Send the result a run waits for. The first signal or the deadline wins; the same signalId with the same JSON ' +
      'payload again answers the stored receipt (`duplicate`). 409 for another signal or a finished run, 410 at or ' +
      "after the wait's deadline, 404 for an unknown wait or another run's.",
    query: waitQuerySchema,
    body: signalBodySchema,
    ok: signalResponseSchema,
    errors: [...RUN_ERRORS, 409, 410, 413],
  },
  {
    method: 'post',
    path: '/events',
    summary:
      'Send an event: every run waiting (step.waitForEvent) for this name whose match the payload meets resumes, each ' +
      'exactly once; the same id again wakes nothing more. Waits prepared after the event do not see it.',
    body: eventBodySchema,
    ok: eventDeliverySchema,
    errors: [400, 403, 413],
  },
  { method: 'get', path: '/events', summary: 'The newest sent events and the runs each woke', query: eventsQuerySchema, ok: z.array(sentEventSchema), errors: [400, 403] },
  {
    method: 'get',
    path: '/attempts',
    summary: "Every attempt of a run's steps: failed, timed out or cut off by a restart, and each step's completed one",
    query: runIdQuerySchema,
    ok: z.array(attemptSchema),
    errors: RUN_ERRORS,
  },
  {
    method: 'get',
    path: '/logs',
    summary: 'Stored logs of a run in order; page with `after` = the last `sequence` received',
    query: logsQuerySchema,
    ok: z.array(logSchema),
    errors: RUN_ERRORS,
  },
  {
    method: 'post',
    path: '/retrigger',
    summary:
      'Start a fresh run of a finished one with the same job, input and labels. With `fromStep`, the steps before it ' +
      'are copied from the run (not executed again) and that step and the later ones execute; a body `{ input }` ' +
      'replaces the input (checked by the job schema). The job must still take the copied steps in the same order.',
    query: retriggerQuerySchema,
    body: retriggerBodySchema,
    ok: retriggerResponseSchema,
    errors: [...RUN_ERRORS, 409, 413],
  },
  {
    method: 'post',
    path: '/cancel',
    summary: 'Cancel a pending or running run',
    query: runIdQuerySchema,
    ok: successSchema,
    errors: [...RUN_ERRORS, 409],
  },
  {
    method: 'get',
    path: '/subscribe',
    summary:
      'Server-sent events of one run: a run:snapshot first, then (without `snapshot=1`) the run\'s latest lifecycle ' +
      'event, latest progress and newest 1,000 logs as stored, then live events with `id:` = sequence. ' +
      'Send `Last-Event-ID` (or `lastEventId`) to replay what was missed; 204 once the run has ended.',
    query: subscribeQuerySchema,
    ok: 'event-stream',
    errors: RUN_ERRORS,
  },
  ...scheduleEndpoints(),
  { method: 'get', path: '/openapi.json', summary: 'This document', ok: z.record(z.string(), z.unknown()), errors: [] },
]

/** The session endpoints of the Stepflare app (sign-in for the browser UI). */
export const SESSION_ENDPOINTS: Endpoint[] = [
  {
    method: 'get',
    path: '/session',
    summary:
      'Whether this request is signed in, whether signing in is needed, and whether the server has an API token ' +
      '(`configured: false`: nobody can sign in until STEPFLARE_API_TOKEN is set)',
    ok: sessionStateSchema,
    errors: [],
    open: true,
  },
  {
    method: 'post',
    path: '/session',
    summary:
      'Exchange the API token for an HttpOnly session cookie. The session is kept on the server and ends ' +
      `${SESSION_LIFETIME_SECONDS / 86_400} days after sign-in (however often it is used), at sign-out, or when ` +
      'STEPFLARE_API_TOKEN changes. Sign-in is throttled: after ' +
      `${CLIENT_FAILURE_LIMIT} wrong tokens from one client (IPv4 address or IPv6 /64), or ${GLOBAL_FAILURE_LIMIT} ` +
      `from all clients, within ${FAILURE_WINDOW_MS / 60_000} minutes, attempts get 429 with a Retry-After header ` +
      '(seconds) until that window ends.',
    body: sessionBodySchema,
    ok: sessionStateSchema,
    errors: [400, 401, 413, 429],
    open: true,
  },
  {
    method: 'delete',
    path: '/session',
    summary: 'Sign out: the session of the cookie ends on the server, and the cookie is cleared',
    ok: sessionStateSchema,
    errors: [],
    open: true,
  },
]

/** The schedule endpoints (cron schedules that trigger a job; see README "Schedules"). */
function scheduleEndpoints(): Endpoint[] {
  return [
    {
      method: 'get',
      path: '/schedules',
      summary: 'Every schedule, declared with its job or created here, with its next fire times, last run and error',
      ok: schedulesResponseSchema,
      errors: [403],
    },
    {
      method: 'post',
      path: '/schedules',
      summary:
        'Create a schedule: each fire time of `cron` (read in `timezone`) triggers one run of the job with `input`. ' +
        'A cron that does not parse or never fires, an unknown time zone or an input the job refuses is a 400 naming the field; ' +
        '409 when the Worker holds 1,000 schedules.',
      body: createScheduleBodySchema,
      ok: scheduleResponseSchema,
      errors: [400, 403, 404, 409, 413],
    },
    {
      method: 'delete',
      path: '/schedules',
      summary: 'Delete a schedule created over the API (409 for a declared one: pause it instead)',
      query: scheduleIdQuerySchema,
      ok: successSchema,
      errors: [400, 403, 404, 409],
    },
    {
      method: 'post',
      path: '/schedules/pause',
      summary: 'Pause a schedule: no runs until it is resumed',
      query: scheduleIdQuerySchema,
      ok: scheduleResponseSchema,
      errors: [400, 403, 404],
    },
    {
      method: 'post',
      path: '/schedules/resume',
      summary: 'Resume a paused schedule from now (fire times that passed while paused do not run)',
      query: scheduleIdQuerySchema,
      ok: scheduleResponseSchema,
      errors: [400, 403, 404],
    },
  ]
}
