// Crash test: SIGKILL wrangler dev (whole process group) mid-step, restart it on the same state, and check the run
// completes by itself with every step before the kill executed exactly once; a retry's backoff, a sleep and a delayed
// run that were waiting when it died resume on time after the restart; a run waiting for a signal still waits, and the
// signal sent after the restart resumes it (the same signal again is a duplicate). Also prints a 1,000-step run's time.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { migrateLocal, startDev, waitForExit } from '../../scripts/lib/wrangler.mjs'
import { createChecks, durablyApi, sleep } from './crash-helpers.mjs'

const port = Number(process.env.CRASH_TEST_PORT ?? 8781)
const persistTo = mkdtempSync(path.join(tmpdir(), 'stepflare-crash-'))
const vars = { STEPFLARE_OPEN_ACCESS: 'true' }
let server
const { check, tally } = createChecks()
const { api, post, trigger, runWhen } = durablyApi(() => server.url)

async function main() {
  migrateLocal(persistTo)
  server = await startDev({ port, persistTo, vars })

  // Waiting when the process dies: a failed fetch's backoff, a sleep, and a run that starts later.
  const retrying = await trigger('flaky-sync', { failTimes: 1, retryDelayMs: 6_000, sleepMs: 0 })
  const sleeping = await trigger('flaky-sync', { failTimes: 0, sleepMs: 6_000 })
  const delayed = await trigger('slow-steps', { steps: 1, delayMs: 0 }, { delay: '6s' })
  // And one waiting for a person's decision (a durable wait, no lease held).
  const approval = await trigger('approval', { title: 'Survives a crash' })
  const approvalBefore = await runWhen(approval, 'the approval run to wait', (run) => run.status === 'waiting', 20_000)
  const [decision] = await api(`/waits?runId=${approval}`)
  check('the approval run waits on its decision', decision?.name === 'decision' && decision.status === 'pending' &&
    approvalBefore.waitingFor?.waitId === decision.id, `${approvalBefore.waitingFor?.kind} ${decision?.status}`)
  const steps = 6
  const runId = await trigger('slow-steps', { steps, delayMs: 500 })
  const before = await runWhen(runId, 'two completed steps', (run) => run.completedStepCount >= 2, 20_000)
  await sleep(200) // now in the middle of the next step
  const stepsBeforeKill = await api(`/steps?runId=${runId}`)
  const waitingBefore = Object.fromEntries(
    await Promise.all([retrying, sleeping, delayed].map(async (id) => [id, await api(`/run?runId=${id}`)])),
  )
  check('the retrying run waits for its next attempt', waitingBefore[retrying].waitingFor?.kind === 'retry', waitingBefore[retrying].status)
  check('the sleeping run waits', waitingBefore[sleeping].waitingFor?.kind === 'sleep', waitingBefore[sleeping].status)
  check('the delayed run is pending', waitingBefore[delayed].status === 'pending' && waitingBefore[delayed].wakeAt !== null)
  console.log(`killing wrangler dev with ${stepsBeforeKill.length} steps completed (status ${before.status})`)
  server.stop('SIGKILL')
  await waitForExit(server.child)
  await sleep(300)

  const restartedAt = Date.now()
  server = await startDev({ port, persistTo, vars })
  const done = await runWhen(runId, 'the run to finish after restart', (run) => run.isTerminal, 60_000)
  console.log(`run finished ${Date.now() - restartedAt} ms after the restart`)
  check('run completed after the crash', done.status === 'completed', `status ${done.status} ${done.error ?? ''}`)
  check('output is right', done.output?.completed === steps, JSON.stringify(done.output))

  const stepsAfter = await api(`/steps?runId=${runId}`)
  check('every step is stored once', stepsAfter.map((s) => s.name).join() === Array.from({ length: steps }, (_, i) => `step-${i + 1}`).join())
  for (const earlier of stepsBeforeKill) {
    const later = stepsAfter.find((s) => s.index === earlier.index)
    check(`step ${earlier.name} was not executed again`, later?.startedAt === earlier.startedAt)
  }
  const logs = await api(`/logs?runId=${runId}`)
  for (let i = 1; i <= steps; i++) {
    const count = logs.filter((log) => log.message === `Step ${i} done`).length
    check(`step-${i} finished exactly once`, count === 1, `${count} times`)
  }

  for (const id of [retrying, sleeping, delayed]) {
    const wakeAt = Date.parse(waitingBefore[id].wakeAt)
    const run = await runWhen(id, `run ${id} to finish after its wake time`, (current) => current.isTerminal, 60_000)
    check(`${waitingBefore[id].waitingFor.kind} run completed after the crash`, run.status === 'completed', `${run.status} ${run.error ?? ''}`)
    const resumedAt = id === delayed ? Date.parse(run.startedAt) : Date.parse(run.completedAt)
    check(`${waitingBefore[id].waitingFor.kind} run did not resume before its wake time`, resumedAt >= wakeAt, `${resumedAt - wakeAt} ms`)
  }
  const attempts = await api(`/attempts?runId=${retrying}`)
  const fetches = attempts.filter((attempt) => attempt.stepName === 'fetch').map((attempt) => `${attempt.attempt}:${attempt.outcome}`)
  check('the retried fetch has its failed and its completed attempt', fetches.join() === '1:failed,2:completed', fetches.join())

  await checkSignalAfterRestart(approval, decision.id)

  // Not asserted: how long one run of 1,000 steps that do not wait (each reports progress and writes a log line) takes.
  const started = Date.now()
  const timedRun = await trigger('slow-steps', { steps: 1000, delayMs: 0 })
  const timedDone = await runWhen(timedRun, '1,000-step run', (run) => run.isTerminal, 120_000)
  const ms = Date.now() - started
  console.log(`1,000-step run (slow-steps, delayMs 0): ${ms} ms (${Math.round(1000 / (ms / 1000))} steps/s, ${timedDone.status})`)
}

/** The wait prepared before the kill is still pending; its signal resumes the run, and the same signal again is a duplicate. */
async function checkSignalAfterRestart(runId, waitId) {
  const [wait] = await api(`/waits?runId=${runId}`)
  check('the decision still waits after the restart', wait?.id === waitId && wait.status === 'pending', JSON.stringify(wait?.status))
  const signal = { signalId: 'crash-decision', payload: { approved: true, note: 'after the restart' } }
  const receipt = await post(`/signal?runId=${runId}&waitId=${waitId}`, signal)
  check('the signal after the restart is accepted', receipt.disposition === 'accepted', receipt.disposition)
  const run = await runWhen(runId, 'the approval run to finish', (current) => current.isTerminal, 30_000)
  check('the signal resumed the run to its end', run.status === 'completed' && run.output?.decision === 'approved', `${run.status} ${JSON.stringify(run.output)}`)
  const again = await post(`/signal?runId=${runId}&waitId=${waitId}`, signal)
  check('the same signal again is a duplicate', again.disposition === 'duplicate', again.disposition)
}

try {
  await main()
} catch (error) {
  tally.failed++
  console.error(error)
} finally {
  server?.stop('SIGKILL')
  if (server) await waitForExit(server.child)
  rmSync(persistTo, { recursive: true, force: true })
}
console.log(`crash: ${tally.passed} passed, ${tally.failed} failed`)
process.exit(tally.failed === 0 ? 0 : 1)
