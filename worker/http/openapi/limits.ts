// The bounds of requests and answers, described for the OpenAPI document from the constants that enforce them.
import { MAX_JOB_NAME_LENGTH } from '../../engine/define-job'
import { MAX_ISSUES } from '../../engine/errors'
import { MAX_RUN_ID_LENGTH } from '../../engine/ids'
import { MAX_LABEL_KEY_LENGTH, MAX_LABEL_VALUE_LENGTH, MAX_LABELS, MAX_RUN_KEY_LENGTH } from '../../engine/trigger/trigger-options'
import { MAX_PURGE_LIMIT } from '../../engine/retention/purge-options'
import { MAX_BATCH_RUNS, MAX_LOGS_PAGE } from '../schemas/requests'
import { MAX_JSON_DEPTH } from '../validate'

/** The bounds a handler was created with. */
export interface BodyLimits {
  maxBodyBytes: number
  maxInputBytes: number
}

const count = (value: number) => value.toLocaleString('en-US')

/** Markdown for the document's description: every bound, and what exceeding it answers. */
export function limitsDescription({ maxBodyBytes, maxInputBytes }: BodyLimits): string {
  return [
    '**Limits.** Past any of these the answer is a JSON error (`{"error", "issues"?, "issueCount"?}`), and nothing changes.',
    `- Body: ${count(maxBodyBytes)} bytes (413). A body without Content-Length (chunked) is read up to the limit, then cancelled.`,
    `- Job input: ${count(maxInputBytes)} bytes as JSON (413). Bodies must be UTF-8 JSON nested at most ${MAX_JSON_DEPTH} levels (400).`,
    `- Labels: at most ${MAX_LABELS}; keys of 1 to ${MAX_LABEL_KEY_LENGTH} letters, digits, \`_ . : / -\` (starting with a letter or digit); values of at most ${MAX_LABEL_VALUE_LENGTH} characters (400 naming \`labels.<key>\`). The same bounds hold for \`label.<key>=<value>\` filters.`,
    `- idempotencyKey and concurrencyKey: 1 to ${MAX_RUN_KEY_LENGTH} characters. jobName: at most ${MAX_JOB_NAME_LENGTH}.`,
    `- runId: at most ${MAX_RUN_ID_LENGTH} letters, digits, \`_\` or \`-\` (400 naming \`runId\`, before any run is looked up).`,
    `- Batches: at most ${count(MAX_BATCH_RUNS)} runs; a field of a batch is named under its run (\`runs.3.labels.team\`). Logs: at most ${count(MAX_LOGS_PAGE)} per page. Purge: at most ${count(MAX_PURGE_LIMIT)} runs per request.`,
    `- A 400 lists at most ${MAX_ISSUES} issues; \`issueCount\` says how many there were in all.`,
    '- Unknown query parameters are ignored.',
    '- Before the API sees a request, the runtime answers `431` (plain text) to headers over 128 KB or a URL over 16 KB (Cloudflare; locally, about 64 KiB of URL).',
  ].join('\n')
}
