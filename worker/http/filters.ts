// Reads run filters from validated query strings and applies the caller's scope to them.
import type { Labels, RunFilter, RunStatus } from '../engine/types'
import type { HandlerDeps } from './deps'
import { guard } from './guard'
import { LABEL_PARAMETER_PREFIX } from './schemas/requests'
import type { RunsSubscribeFilter } from './types'

/** `label.<key>=<value>` parameters as labels; a repeated key keeps its last value. */
export function labelsFromQuery(query: Record<string, unknown>): Labels | undefined {
  const labels: Labels = {}
  for (const [name, value] of Object.entries(query)) {
    if (!name.startsWith(LABEL_PARAMETER_PREFIX) || name.length === LABEL_PARAMETER_PREFIX.length) continue
    const last = Array.isArray(value) ? value.at(-1) : value
    if (typeof last === 'string') labels[name.slice(LABEL_PARAMETER_PREFIX.length)] = last
  }
  return Object.keys(labels).length > 0 ? labels : undefined
}

interface RunsQuery {
  jobName?: string[]
  status?: RunStatus[]
  limit?: number
  offset?: number
  [parameter: string]: unknown
}

export function runFilterFromQuery(query: RunsQuery): RunFilter {
  return {
    jobName: query.jobName,
    status: query.status,
    labels: labelsFromQuery(query),
    limit: query.limit,
    offset: query.offset,
  }
}

export function feedFilterFromQuery(query: { jobName?: string[]; [parameter: string]: unknown }): RunsSubscribeFilter {
  return { jobName: query.jobName, labels: labelsFromQuery(query) }
}

/** The list filter after `scopeRuns` narrowed it to what the caller may see. */
export async function scopeRunFilter(deps: HandlerDeps, ctx: unknown, filter: RunFilter): Promise<RunFilter> {
  const scopeRuns = deps.auth?.scopeRuns
  return scopeRuns ? guard(() => scopeRuns(ctx, filter)) : filter
}

/** The feed filter after `scopeRunsSubscribe` (or, without it, `scopeRuns`) narrowed it. */
export async function scopeFeedFilter(
  deps: HandlerDeps,
  ctx: unknown,
  filter: RunsSubscribeFilter,
): Promise<{ jobName?: string[]; labels?: Labels }> {
  const { scopeRunsSubscribe, scopeRuns } = deps.auth ?? {}
  let scoped: RunsSubscribeFilter = filter
  if (scopeRunsSubscribe) scoped = await guard(() => scopeRunsSubscribe(ctx, filter))
  else if (scopeRuns) scoped = await guard(() => scopeRuns(ctx, { ...filter }))
  return { jobName: asList(scoped.jobName), labels: scoped.labels as Labels | undefined }
}

function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}
