// What failed validation, as a 400 naming each field (`input.rows.3.email`): the first few listed, all counted.
import type { z, ZodError } from 'zod'
import { type FieldIssue, MAX_ISSUES, ValidationError } from '../errors'

type ZodIssue = ZodError['issues'][number]

/** Of a union's failed branches, the one that says most: the deepest paths, then not a bare type mismatch. */
function mostSpecificBranch(branches: ZodIssue[][]): ZodIssue[] {
  const score = (branch: ZodIssue[]) => {
    const depth = Math.max(0, ...branch.map((issue) => issue.path.length))
    const bareType = branch.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0)
    return depth * 2 + (bareType ? 0 : 1)
  }
  return branches.reduce((best, branch) => (score(branch) > score(best) ? branch : best))
}

/** The leaf problems of one zod issue: a union's best branch, a record key's own checks, or the issue itself. */
function* leaves(issue: ZodIssue, parentPath: PropertyKey[]): Generator<{ path: PropertyKey[]; message: string }> {
  const path = [...parentPath, ...issue.path]
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    for (const inner of mostSpecificBranch(issue.errors)) yield* leaves(inner, path)
  } else if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    for (const inner of issue.issues) yield { path, message: `key ${JSON.stringify(String(path.at(-1)))}: ${inner.message}` }
  } else {
    yield { path, message: issue.message }
  }
}

/** A ValidationError listing the first `MAX_ISSUES` problems and counting them all. */
function invalidList(what: string, issues: FieldIssue[], issueCount: number): ValidationError {
  const details = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
  const unlisted = issueCount - issues.length
  const more = unlisted > 0 ? `; and ${unlisted} more (${issueCount} in all)` : ''
  return new ValidationError(`Invalid ${what}: ${details.join('; ')}${more}`, issues, issueCount)
}

/**
 * A 400 saying what is wrong with `what`: zod's issues (their paths under `prefix`) or a list of field issues.
 * At most `MAX_ISSUES` are listed, in the message and in `issues`; `issueCount` has the total.
 *
 * @example
 * const parsed = job.input.safeParse(input)
 * if (!parsed.success) throw invalidFields(`input for job "${job.name}"`, parsed.error, 'input')
 */
export function invalidFields(what: string, problems: ZodError | FieldIssue[], prefix?: string): ValidationError {
  if (Array.isArray(problems)) return invalidList(what, problems.slice(0, MAX_ISSUES), problems.length)
  const listed: FieldIssue[] = []
  let count = 0
  for (const issue of problems.issues) {
    for (const { path, message } of leaves(issue, prefix ? [prefix] : [])) {
      count++
      if (listed.length < MAX_ISSUES) listed.push({ path: path.map(String).join('.'), message })
    }
  }
  return invalidList(what, listed, count)
}

/** zod gave up (it runs out of call stack on input with hundreds of thousands of problems): a 400 as well. */
function gaveUp(error: unknown, what: string, prefix: string | undefined): unknown {
  return error instanceof RangeError ? invalidFields(what, [{ path: prefix ?? '', message: 'too many problems to check' }]) : error
}

/** Lists longer than this are first checked by their first items only. */
const SAMPLE_ITEMS = 1_000
const SAMPLE_DEPTH = 64

/** `value` with every list longer than SAMPLE_ITEMS cut to its first items, or null when no list is that long. */
function sampleOf(value: unknown, depth = 0): { value: unknown } | null {
  if (value === null || typeof value !== 'object' || depth > SAMPLE_DEPTH) return null
  let cut = false
  if (Array.isArray(value)) {
    const items = value.length > SAMPLE_ITEMS ? value.slice(0, SAMPLE_ITEMS) : value
    cut = items !== value
    const sampled = items.map((item) => {
      const inner = sampleOf(item, depth + 1)
      if (inner) cut = true
      return inner ? inner.value : item
    })
    return cut ? { value: sampled } : null
  }
  const entries = Object.entries(value).map(([key, item]) => {
    const inner = sampleOf(item, depth + 1)
    if (inner) cut = true
    return [key, inner ? inner.value : item] as const
  })
  return cut ? { value: Object.fromEntries(entries) } : null
}

/**
 * Problems of list items found in a sample (the first items of each long list). A list of a hundred thousand wrong
 * rows would make zod build hundreds of thousands of issues, which can bring the runtime down before any answer: such
 * input is answered from its sample. Only item problems count (a sample may be too short for a list's own bounds).
 */
function itemProblems(result: z.ZodSafeParseResult<unknown>): ZodError | null {
  if (result.success) return null
  const items = result.error.issues.filter((issue) => issue.path.some((segment) => typeof segment === 'number'))
  return items.length > 0 ? ({ issues: items } as ZodError) : null
}

function dataOrInvalid<T>(result: z.ZodSafeParseResult<T>, what: string, prefix: string | undefined): T {
  if (!result.success) throw invalidFields(what, result.error, prefix)
  return result.data
}

/** Parses `value` with a schema the app wrote; whatever is wrong with the value is a ValidationError (400). */
export async function parseOrInvalid<T>(schema: z.ZodType<T>, value: unknown, what: string, prefix?: string): Promise<T> {
  let result: z.ZodSafeParseResult<T>
  try {
    const sample = sampleOf(value)
    const sampled = sample ? itemProblems(await schema.safeParseAsync(sample.value)) : null
    if (sampled) throw invalidFields(`${what} (first ${SAMPLE_ITEMS} items of each list checked)`, sampled, prefix)
    result = await schema.safeParseAsync(value)
  } catch (error) {
    throw gaveUp(error, what, prefix)
  }
  return dataOrInvalid(result, what, prefix)
}

/** Like `parseOrInvalid`, for schemas with no async checks. */
export function parseOrInvalidSync<T>(schema: z.ZodType<T>, value: unknown, what: string, prefix?: string): T {
  let result: z.ZodSafeParseResult<T>
  try {
    const sample = sampleOf(value)
    const sampled = sample ? itemProblems(schema.safeParse(sample.value)) : null
    if (sampled) throw invalidFields(`${what} (first ${SAMPLE_ITEMS} items of each list checked)`, sampled, prefix)
    result = schema.safeParse(value)
  } catch (error) {
    throw gaveUp(error, what, prefix)
  }
  return dataOrInvalid(result, what, prefix)
}
