// GET /waits, GET /wait and POST /signal as the durably protocol defines them: bodies, dispositions and statuses, each
// route checked against the run it names, and onSignal refusing a payload before it is stored.
import { describe, expect, it } from 'vitest'
import { durably } from '../durably'
import { announcedWaits, testDurably } from '../../test/support/test-jobs'
import { waitForStatus } from '../../test/support/runs'
import { createDurablyHandler } from './handler'
import { api, postJson } from './testing/requests'

async function waitingRun(input: { timeoutMs?: number } = {}, labels: Record<string, string> = {}) {
  const run = await testDurably.jobs.approval.trigger(input, { labels })
  await waitForStatus(run.id, ['waiting'])
  return { runId: run.id, waitId: announcedWaits.get(run.id) as string }
}

const signal = (runId: string, waitId: string, body: unknown) =>
  postJson(`/signal?runId=${runId}&waitId=${encodeURIComponent(waitId)}`, body)

describe('wait routes', () => {
  it('lists and reads waits, and a signal resumes the run: accepted, then duplicate', async () => {
    const { runId, waitId } = await waitingRun()
    const waits = (await (await api(`/waits?runId=${runId}`)).json()) as { id: string; status: string }[]
    expect(waits).toMatchObject([{ id: waitId, status: 'pending', name: 'approve' }])
    const one = await api(`/wait?runId=${runId}&waitId=${encodeURIComponent(waitId)}`)
    expect(await one.json()).toMatchObject({ id: waitId, runId, deadlineAt: null })
    const accepted = await signal(runId, waitId, { signalId: 'ci-1', payload: { passed: true } })
    expect(accepted.status).toBe(200)
    expect(await accepted.json()).toMatchObject({ disposition: 'accepted', wait: { status: 'resolved', outcome: 'signal', payload: { passed: true } } })
    const duplicate = await signal(runId, waitId, { signalId: 'ci-1', payload: { passed: true } })
    expect(await duplicate.json()).toMatchObject({ disposition: 'duplicate' })
    expect((await signal(runId, waitId, { signalId: 'ci-1', payload: { passed: false } })).status).toBe(409)
    expect((await waitForStatus(runId, ['completed'])).output).toMatchObject({ result: { type: 'signal', payload: { passed: true } } })
  })

  it('answers 404 for an unknown wait or one of another run, 410 after the deadline, 409 for a finished run', async () => {
    const a = await waitingRun()
    const b = await waitingRun({ timeoutMs: 300 })
    expect((await signal(a.runId, b.waitId, { signalId: 'x', payload: 1 })).status).toBe(404)
    expect((await api(`/wait?runId=${a.runId}&waitId=${encodeURIComponent(b.waitId)}`)).status).toBe(404)
    expect((await signal(a.runId, `${a.runId}.missing`, { signalId: 'x', payload: 1 })).status).toBe(404)
    await waitForStatus(b.runId, ['completed'])
    expect((await signal(b.runId, b.waitId, { signalId: 'x', payload: 1 })).status).toBe(410)
    await postJson(`/cancel?runId=${a.runId}`, {})
    expect((await signal(a.runId, a.waitId, { signalId: 'x', payload: 1 })).status).toBe(409)
  })

  it('answers 400 naming the field for bad bodies and ids, 413 for a payload over the limit, and changes nothing', async () => {
    const { runId, waitId } = await waitingRun()
    const bad = async (body: unknown, field: string) => {
      const response = await signal(runId, waitId, body)
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(((await response.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe(field)
    }
    await bad({ payload: 1 }, 'signalId')
    await bad({ signalId: 'x' }, 'payload')
    await bad({ signalId: 7, payload: 1 }, 'signalId')
    const notJson = await api(`/signal?runId=${runId}&waitId=${encodeURIComponent(waitId)}`, { method: 'POST', body: '{oops' })
    expect(notJson.status).toBe(400)
    expect((await signal(runId, 'bad id!', { signalId: 'x', payload: 1 })).status).toBe(400)
    const huge = await signal(runId, waitId, { signalId: 'x', payload: 'x'.repeat(300_000) })
    expect(huge.status).toBe(413)
    expect(await testDurably.getWait(waitId)).toMatchObject({ status: 'pending' })
    await testDurably.cancel(runId)
  })

  it('checks every route against the run with onRunAccess, and onSignal may refuse a payload before it is stored', async () => {
    const handler = createDurablyHandler<{ name: string }>(durably, {
      auth: {
        authenticate: (request) => ({ name: request.headers.get('X-User') ?? 'nobody' }),
        onRunAccess: (ctx, run) => run.labels.owner === ctx.name,
        onSignal: (_ctx, _run, _wait, { payload }) => {
          if ((payload as { approved?: unknown })?.approved !== true) throw new Error('Only approvals are accepted here')
        },
      },
    })
    const { runId, waitId } = await waitingRun({}, { owner: 'ann' })
    const call = (user: string, path: string, init: RequestInit = {}) =>
      handler.handle(new Request(`http://app.test/api/durably${path}`, { ...init, headers: { 'X-User': user, 'content-type': 'application/json' } }), '/api/durably')
    expect((await call('bob', `/waits?runId=${runId}`)).status).toBe(403)
    expect((await call('ann', `/waits?runId=${runId}`)).status).toBe(200)
    const query = `/signal?runId=${runId}&waitId=${encodeURIComponent(waitId)}`
    expect((await call('bob', query, { method: 'POST', body: JSON.stringify({ signalId: 's', payload: { approved: true } }) })).status).toBe(403)
    const refused = await call('ann', query, { method: 'POST', body: JSON.stringify({ signalId: 's', payload: { approved: 'maybe' } }) })
    expect(refused.status).toBe(403)
    expect(await testDurably.getWait(waitId)).toMatchObject({ status: 'pending' })
    const ok = await call('ann', query, { method: 'POST', body: JSON.stringify({ signalId: 's', payload: { approved: true } }) })
    expect(ok.status).toBe(200)
    const noHook = createDurablyHandler<{ name: string }>(durably, { auth: { authenticate: () => ({ name: 'ann' }) } })
    const refusedWithoutHook = await noHook.handle(new Request(`http://app.test/api/durably/waits?runId=${runId}`), '/api/durably')
    expect(refusedWithoutHook.status).toBe(403)
    await waitForStatus(runId, ['completed'])
  })
})
