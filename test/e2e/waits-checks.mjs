// Browser checks of waits and signals: a run of the approval job waits for a decision, is answered with the run
// page's form (malformed JSON caught before sending), and a form whose wait was answered elsewhere is refused in place.

/** Answers a wait over the API from the page (the session cookie is sent): the run's pending wait, by name. */
async function answerOverApi(p, runId, name, payload) {
  return p.evaluate(
    async ({ runId, name, payload }) => {
      const waits = await (await fetch(`/api/durably/waits?runId=${encodeURIComponent(runId)}`)).json()
      const wait = waits.find((w) => w.name === name && w.status === 'pending')
      if (!wait) throw new Error(`no pending wait ${name}: ${JSON.stringify(waits)}`)
      const response = await fetch(`/api/durably/signal?runId=${encodeURIComponent(runId)}&waitId=${encodeURIComponent(wait.id)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ signalId: 'e2e-api', payload }),
      })
      if (!response.ok) throw new Error(`signal ${response.status}: ${await response.text()}`)
      return (await response.json()).disposition
    },
    { runId, name, payload },
  )
}

export async function waitsChecks({ check, url, page: p, trigger, open, row, shot }) {
  await check('answers a run waiting for a decision from its page (malformed JSON caught before anything is sent)', async () => {
    const runId = await trigger(p, 'approval', { title: 'Ship it' }, { e2e: 'approval' })
    await open(p, `${url}/runs`)
    await row(p, runId).getByText(/^Waiting for decision$/).waitFor()
    await open(p, `${url}/runs/${runId}`)
    await p.locator('.wait-card').getByText(/^Waiting for decision$/).waitFor()
    await p.getByLabel('Details of decision').getByText('"title": "Ship it"').waitFor()
    const form = p.getByRole('form', { name: 'Answer decision' })
    const payload = form.getByLabel('Payload (JSON)')
    if (JSON.parse(await payload.inputValue()).approved !== false) throw new Error('the payload is not prefilled from the wait’s expects')
    const signals = []
    const onRequest = (request) => request.url().includes('/api/durably/signal') && signals.push(request.url())
    p.on('request', onRequest)
    await payload.fill('{"approved": true, "note": ')
    await form.getByRole('button', { name: 'Send signal' }).click()
    await form.getByText(/^Not valid JSON/).waitFor()
    if ((await payload.getAttribute('aria-invalid')) !== 'true') throw new Error('the payload is not marked invalid')
    if (signals.length !== 0) throw new Error('malformed JSON was sent')
    await shot(p, '18-signal-bad-json')
    await payload.fill('{"approved": true, "note": "ok"}')
    await form.getByRole('button', { name: 'Send signal' }).click()
    await p.getByRole('status').getByText('Answer sent.').waitFor()
    await p.locator('.badge[data-status="completed"]').waitFor()
    await p.getByLabel('Output').getByText('"decision": "approved"').waitFor()
    await p.locator('[data-wait="decision"] .wait-status').getByText('Answered').waitFor()
    await p.getByLabel('Answer to decision').getByText('"note": "ok"').waitFor()
    p.off('request', onRequest)
    if (signals.length !== 1) throw new Error(`expected one signal request, saw ${signals.length}`)
    await shot(p, '19-signal-answered')
  })

  await check('counts down to a decision’s deadline, and a send after another answer is refused in place (409)', async () => {
    const runId = await trigger(p, 'approval', { title: 'Ship it too', timeoutMs: 300_000 }, { e2e: 'approval-409' })
    await open(p, `${url}/runs`)
    await row(p, runId).getByText(/^Waiting for decision · 4:5\d left$/).waitFor()
    await open(p, `${url}/runs/${runId}`)
    const form = p.getByRole('form', { name: 'Answer decision' })
    await form.getByLabel('Payload (JSON)').fill('{"approved": false, "note": "too late"}')
    if ((await answerOverApi(p, runId, 'decision', { approved: true })) !== 'accepted') throw new Error('the API answer was not accepted')
    await p.locator('.badge[data-status="completed"]').waitFor()
    await form.getByText('The run no longer waits for this answer.').waitFor()
    await form.getByRole('button', { name: 'Send signal' }).click()
    await form.getByRole('alert').getByText('Not sent: this wait was already answered by another signal, or its run has finished.').waitFor()
    await p.getByLabel('Output').getByText('"decision": "approved"').waitFor()
    await shot(p, '20-signal-conflict')
  })
}
