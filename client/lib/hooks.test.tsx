// The React hooks over the stores: shared connections, trigger and follow, triggerAndWait, the live runs list.
// @vitest-environment happy-dom
import { act, type ReactNode } from 'react'
import type { Root } from 'react-dom/client'
import { mountTestRoot, unmountTestRoot } from '../test/dom-root'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobHandle } from '../../worker/engine/types'
import type { Durably } from '../../worker/engine/types'
import { event } from '../test/events'
import { eventSourceRecorder } from '../test/fake-event-source'
import { createFakeApi, makeRun, type FakeApi } from '../test/fake-api'
import { createDurably } from './create-durably'

type TestDurably = Durably<{
  importCsv: JobHandle<'import-csv', { filename: string }, { imported: number }>
  cleanUp: JobHandle<'clean-up', { days: number }, void>
}>

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>
let root: Root
let container: HTMLElement

const render = async (node: ReactNode) => act(async () => root.render(node))
const text = () => container.textContent ?? ''

beforeEach(() => {
  fake = createFakeApi()
  vi.stubGlobal('fetch', fake.fetch)
  sources = eventSourceRecorder()
  ;({ container, root } = mountTestRoot())
})
afterEach(async () => {
  await unmountTestRoot({ container, root })
  vi.unstubAllGlobals()
})

const client = () => createDurably<TestDurably>({ api: '/api/durably', eventSource: (url) => sources.open(url) })

describe('hooks', () => {
  it('shares one EventSource between useRun and useLogs of the same run and closes it on unmount', async () => {
    const durably = client()
    function Status() {
      const { status, progress } = durably.importCsv.useRun('r1')
      return <p>{`${status}:${progress?.message ?? ''}`}</p>
    }
    function Logs() {
      const { logs } = durably.useLogs('r1')
      return <ul>{logs.map((l) => <li key={l.sequence}>{l.message}</li>)}</ul>
    }
    await render(<><Status /><Status /><Logs /></>)
    expect(sources.forRun('r1')).toHaveLength(1)
    const source = sources.forRun('r1')[0]
    await act(async () => {
      source?.send(event('r1', 2, { type: 'run:snapshot', run: makeRun('r1', 'leased') }), 2)
      source?.send(event('r1', 3, { type: 'run:progress', progress: { current: 1, total: 2, message: 'Importing Ada' } }), 3)
      source?.send(event('r1', 4, { type: 'log:write', stepName: null, level: 'info', message: 'hello', data: null }), 4)
    })
    expect(text()).toContain('leased:Importing Ada')
    expect(text()).toContain('hello')
    await render(<></>)
    expect(sources.live()).toHaveLength(0)
  })

  it('useJob triggers under the job name, then follows that run to completion', async () => {
    const durably = client()
    let job: ReturnType<typeof durably.importCsv.useJob> | undefined
    function Importer() {
      job = durably.importCsv.useJob({ autoResume: false })
      return <p>{job.isCompleted ? `Done! Imported ${job.output?.imported} rows.` : String(job.status)}</p>
    }
    await render(<Importer />)
    expect(text()).toBe('null')
    let runId = ''
    await act(async () => {
      const answer = await job?.trigger({ filename: 'a.csv' }, { labels: { source: 'test' }, concurrencyKey: 'k', coalesce: 'queue' })
      expect(answer).toEqual({ runId: expect.any(String), disposition: 'created', status: 'pending' })
      runId = answer?.runId ?? ''
    })
    expect(fake.triggerBodies[0]).toMatchObject({ jobName: 'import-csv', concurrencyKey: 'k', coalesce: 'queue' })
    expect(fake.runs[0]?.jobName).toBe('import-csv')
    expect(text()).toBe('pending')
    const source = sources.forRun(runId)[0]
    await act(async () => {
      source?.send(event(runId, 1, { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' }), 1)
    })
    expect(job?.isLeased).toBe(true)
    await act(async () => {
      source?.send(event(runId, 2, { type: 'run:complete', output: { imported: 3 }, duration: 9 }), 2)
    })
    expect(text()).toBe('Done! Imported 3 rows.')
  })

  it('triggerAndWait resolves for a job without output and rejects when a run fails', async () => {
    const durably = client()
    let job: ReturnType<typeof durably.cleanUp.useJob> | undefined
    function Cleaner() {
      job = durably.cleanUp.useJob({ autoResume: false })
      return null
    }
    await render(<Cleaner />)
    let result: unknown
    await act(async () => {
      const waiting = job?.triggerAndWait({ days: 3 })
      await vi.waitFor(() => expect(sources.live()).toHaveLength(1))
      const source = sources.live()[0]
      const runId = new URL(source?.url ?? '', 'http://x').searchParams.get('runId') ?? ''
      source?.send(event(runId, 1, { type: 'run:complete', output: undefined, duration: 1 }), 1)
      result = await waiting
    })
    expect(fake.runs[0]?.jobName).toBe('clean-up')
    expect(result).toMatchObject({ output: null })
    await act(async () => {
      const waiting = job?.triggerAndWait({ days: 1 }).catch((error: Error) => error.message)
      await vi.waitFor(() => expect(sources.live()).toHaveLength(1))
      const source = sources.live()[0]
      const runId = new URL(source?.url ?? '', 'http://x').searchParams.get('runId') ?? ''
      source?.send(event(runId, 1, { type: 'run:fail', error: 'disk full', failedStepName: 'x' }), 1)
      result = await waiting
    })
    expect(result).toBe('disk full')
  })

  it('with the app\'s job names, triggering and listing job names ask nothing of the server but the trigger', async () => {
    const durably = createDurably<TestDurably>({
      api: '/api/durably',
      jobNames: { importCsv: 'import-csv', cleanUp: 'clean-up' },
      eventSource: (url) => sources.open(url),
    })
    let job: ReturnType<typeof durably.importCsv.useJob> | undefined
    function Importer() {
      job = durably.importCsv.useJob({ autoResume: false })
      return <p>{durably.useJobNames().join(',')}</p>
    }
    await render(<Importer />)
    expect(text()).toBe('clean-up,import-csv')
    await act(async () => {
      await job?.trigger({ filename: 'a.csv' })
    })
    expect(fake.requests).toEqual(['POST /api/durably/trigger'])
    expect(fake.runs[0]?.jobName).toBe('import-csv')
  })

  it('useRuns lists runs with the total and shows a new run the feed announces', async () => {
    const durably = client()
    fake.runs.push(makeRun('r1', 'completed'), makeRun('r2', 'failed'))
    function List() {
      const { runs, total } = durably.useRuns({ pageSize: 5 })
      return <p>{`${total}:${runs.map((r) => `${r.id}=${r.status}`).join(',')}`}</p>
    }
    await render(<List />)
    await vi.waitFor(() => expect(text()).toBe('2:r1=completed,r2=failed'))
    fake.runs.unshift(makeRun('r3', 'pending'))
    await act(async () => {
      sources.live()[0]?.send(event('r3', 1, { type: 'run:trigger', input: {} }))
    })
    await vi.waitFor(() => expect(text()).toBe('3:r3=pending,r1=completed,r2=failed'))
  })

  it('useRunActions reports the error of a refused action', async () => {
    const durably = client()
    let actions: ReturnType<typeof durably.useRunActions> | undefined
    function Actions() {
      actions = durably.useRunActions()
      return <p>{actions.error ?? 'ok'}</p>
    }
    await render(<Actions />)
    fake.failWith = 409
    await act(async () => {
      await actions?.cancel('r1').catch(() => undefined)
    })
    expect(text()).toBe('nope')
  })
})
