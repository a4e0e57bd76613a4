// kill -9 loops: SIGKILL the whole server at random points while runs execute, restart on the same state, repeat;
// every run must finish, no step completed before a kill may run again, and resumes are timed.
import { migrateLocal, startDev, waitForExit } from '../../scripts/lib/wrangler.mjs'
import { json, postJson, request, sleep } from './lib/http.mjs'

const STEPS = 4
const STEP_MS = 300

/**
 * `cycles` times: start `wrangler dev` on `persistTo`, trigger `runsPerCycle` runs of `STEPS` slow steps, SIGKILL the
 * process group 0.3–1.5 s later. Then start once more and wait for every run. Returns `{ checks, figures }`.
 */
export async function killLoop({ port, persistTo, cycles = 20, runsPerCycle = 4, vars = { STEPFLARE_OPEN_ACCESS: 'true' }, log = () => {} }) {
  migrateLocal(persistTo)
  const checks = []
  const check = (name, ok, detail = '') => checks.push({ name, ok: Boolean(ok), detail })
  const runIds = []
  /** Per run: the steps it had completed at each kill (name → startedAt). */
  const completedAtKill = new Map()
  const resumeMs = []
  let server
  const api = (path) => `${server.url}/api/durably${path}`

  try {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const active = await restart()
      await timeResumes(active)
      for (let i = 0; i < runsPerCycle; i++) {
        const answer = await postJson(api('/trigger'), { jobName: 'slow-steps', input: { steps: STEPS, delayMs: STEP_MS }, labels: { soak: 'kill-loop' } })
        const runId = json(answer)?.runId
        if (runId) runIds.push(runId)
        else check(`cycle ${cycle}: trigger answered`, false, `${answer.status} ${answer.text.slice(0, 120)}`)
      }
      await sleep(300 + Math.random() * 1200)
      await recordCompletedSteps()
      server.stop('SIGKILL')
      await waitForExit(server.child)
      log(`kill ${cycle}/${cycles}: ${runIds.length} runs so far`)
    }
    const active = await restart()
    await timeResumes(active)
    const deadline = Date.now() + 120_000
    let runs = []
    while (Date.now() < deadline) {
      runs = await Promise.all(runIds.map(async (id) => json(await request(api(`/run?runId=${id}`)))))
      if (runs.every((run) => run?.isTerminal)) break
      await sleep(500)
    }
    const completed = runs.filter((run) => run?.status === 'completed').length
    check(`every run finished completed after ${cycles} kills (${runIds.length} runs)`, completed === runIds.length, `${completed} completed, ${runs.filter((run) => !run?.isTerminal).length} unfinished, ${runs.filter((run) => run?.status === 'failed').length} failed`)
    let reExecuted = 0
    for (const [runId, steps] of completedAtKill) {
      const after = json(await request(api(`/steps?runId=${runId}`))) ?? []
      for (const [name, startedAt] of steps) if (after.find((step) => step.name === name)?.startedAt !== startedAt) reExecuted++
    }
    check('no step completed before a kill ran again', reExecuted === 0, `${reExecuted} re-executed`)
  } finally {
    server?.stop('SIGKILL')
    if (server) await waitForExit(server.child)
  }
  resumeMs.sort((a, b) => a - b)
  const p50 = resumeMs[Math.floor(resumeMs.length / 2)] ?? null
  return { checks, figures: { cycles, runs: runIds.length, resumes: resumeMs.length, resumeP50Ms: p50, resumeMaxMs: resumeMs.at(-1) ?? null } }

  /** Starts the server; returns the runs that were active with how many steps each had completed. */
  async function restart() {
    server = await startDev({ port, persistTo, vars })
    const active = []
    for (const [runId, steps] of completedAtKill) {
      const run = json(await request(api(`/run?runId=${runId}`)))
      if (run && !run.isTerminal) active.push({ runId, before: steps.size, startedAt: Date.now() })
    }
    return active
  }

  /** Waits (bounded) until each active run completes one more step than it had at the kill. */
  async function timeResumes(active) {
    const deadline = Date.now() + 30_000
    let waiting = active
    while (waiting.length > 0 && Date.now() < deadline) {
      const still = []
      for (const entry of waiting) {
        const run = json(await request(api(`/run?runId=${entry.runId}`)))
        if (run && (run.completedStepCount > entry.before || run.isTerminal)) resumeMs.push(Date.now() - entry.startedAt)
        else still.push(entry)
      }
      waiting = still
      if (waiting.length > 0) await sleep(50)
    }
  }

  async function recordCompletedSteps() {
    for (const runId of runIds) {
      const steps = json(await request(api(`/steps?runId=${runId}`), { timeoutMs: 3000 }))
      if (!Array.isArray(steps)) continue
      const known = completedAtKill.get(runId) ?? new Map()
      for (const step of steps) if (step.status === 'completed') known.set(step.name, step.startedAt)
      completedAtKill.set(runId, known)
    }
  }
}
