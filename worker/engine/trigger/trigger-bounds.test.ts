// Triggers from code keep to the same bounds as HTTP: labels, keys and the issues a 400 lists.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { testDurably } from '../../../test/support/test-jobs'
import { defineJob } from '../define-job'
import { MAX_ISSUES, ValidationError } from '../errors'
import { validateInput } from './trigger'
import { MAX_LABEL_KEY_LENGTH, MAX_LABEL_VALUE_LENGTH, MAX_LABELS, MAX_RUN_KEY_LENGTH } from './trigger-options'

async function refusal(trigger: Promise<unknown>): Promise<ValidationError> {
  const error = await trigger.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(ValidationError)
  return error as ValidationError
}

describe('trigger options from code', () => {
  it('refuses labels and keys past their bounds, naming the field, and creates nothing', async () => {
    const before = await testDurably.countRuns()
    const counted = testDurably.jobs.counted
    const big = await refusal(counted.trigger({ steps: 1 }, { labels: { big: 'x'.repeat(900_000) } }))
    expect(big.issues.map((issue) => issue.path)).toEqual(['labels.big'])
    expect(big.message.length).toBeLessThan(1_000)
    const key = await refusal(counted.trigger({ steps: 1 }, { idempotencyKey: 'k'.repeat(MAX_RUN_KEY_LENGTH + 1) }))
    expect(key.issues.map((issue) => issue.path)).toEqual(['idempotencyKey'])
    const many = Object.fromEntries(Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`k${i}`, 'v']))
    expect((await refusal(counted.trigger({ steps: 1 }, { labels: many }))).issues[0]?.path).toBe('labels')
    const batch = await refusal(
      counted.batchTrigger([{ steps: 1 }, { input: { steps: 1 }, options: { concurrencyKey: 'c'.repeat(MAX_RUN_KEY_LENGTH + 1) } }]),
    )
    expect(batch.issues.map((issue) => issue.path)).toEqual(['runs.1.concurrencyKey'])
    expect(await testDurably.countRuns()).toBe(before)
  })

  it('accepts labels and keys at their bounds', async () => {
    const labels = Object.fromEntries(Array.from({ length: MAX_LABELS - 1 }, (_, i) => [`k${i}`, 'v']))
    labels['k'.repeat(MAX_LABEL_KEY_LENGTH)] = 'v'.repeat(MAX_LABEL_VALUE_LENGTH)
    const run = await testDurably.jobs.counted.trigger({ steps: 0 }, { labels, idempotencyKey: 'i'.repeat(MAX_RUN_KEY_LENGTH) })
    expect(run.labels).toEqual(labels)
  })

  it('lists at most MAX_ISSUES input issues and counts them all', () => {
    const job = defineJob({ name: 'test-rows', input: z.object({ rows: z.array(z.object({ email: z.string() })) }), run: async () => {} })
    let error: unknown
    try {
      validateInput(job, { rows: new Array(800).fill(1) })
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(ValidationError)
    const { issues, issueCount, message } = error as ValidationError
    expect(issues).toHaveLength(MAX_ISSUES)
    expect(issues[0]?.path).toBe('input.rows.0')
    expect(issueCount).toBe(800)
    expect(message).toContain(`and ${800 - MAX_ISSUES} more`)
    expect(message.length).toBeLessThan(3_000)
  })
})

describe('long lists of input', () => {
  const rowsJob = defineJob({
    name: 'test-rows-bounds',
    input: z.object({ rows: z.array(z.object({ email: z.string().email() })).min(1_200) }),
    run: async () => {},
  })

  it('answers a list of many wrong items from its first items, without checking every one', () => {
    const error = (() => {
      try {
        validateInput(rowsJob, { rows: Array.from({ length: 100_000 }, () => ({})) })
      } catch (thrown) {
        return thrown as ValidationError
      }
    })()
    expect(error).toBeInstanceOf(ValidationError)
    expect(error?.issues[0]?.path).toBe('input.rows.0.email')
    expect(error?.issueCount).toBe(1_000)
    expect(error?.message).toMatch(/first 1000 items of each list checked/)
  })

  it('still checks the whole list when its first items are right, and the sample is not held to the list bounds', () => {
    const good = Array.from({ length: 1_500 }, (_, i) => ({ email: `p${i}@example.com` }))
    expect(validateInput(rowsJob, { rows: good })).toEqual({ rows: good })
    const badTail = good.map((row, i) => (i === 1_300 ? { email: 'nope' } : row))
    const error = (() => {
      try {
        validateInput(rowsJob, { rows: badTail })
      } catch (thrown) {
        return thrown as ValidationError
      }
    })()
    expect(error?.issues.map((issue) => issue.path)).toEqual(['input.rows.1300.email'])
  })
})
