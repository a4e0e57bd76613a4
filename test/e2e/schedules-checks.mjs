// Browser checks of the Schedules page: the declared schedule in words with its next fire times, a bad cron refused by
// field, a created schedule that fires and links to its runs, pause, resume and delete, and a narrow screen.

export async function schedulesChecks({ check, url, page: p, open, shot }) {
  await check('the Schedules page lists schedules, creates one that fires, and pauses, resumes and deletes it', async () => {
    await open(p, `${url}/runs`)
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedules' }).click()
    await p.getByRole('heading', { name: 'Schedules', level: 1 }).waitFor()
    const nightly = p.locator('tr[data-schedule-id="nightly-report:nightly"]')
    await nightly.getByText('Every day at 02:00').waitFor()
    if ((await nightly.locator('.fire-times li').count()) !== 5) throw new Error('expected five next fire times')
    await nightly.getByText('Not yet').waitFor()
    // A cron that does not parse: the form names the field and nothing is created.
    const rowsBefore = await p.locator('tr[data-schedule-id]').count()
    await p.getByLabel('Job').selectOption('slow-steps')
    await p.getByLabel('Cron').fill('every day')
    await p.getByLabel('Input of each run (JSON)').fill('{"steps":1,"delayMs":0}')
    await p.getByRole('button', { name: 'Create schedule' }).click()
    await p.locator('#schedule-cron-error').getByText(/^cron: /).waitFor()
    if ((await p.locator('tr[data-schedule-id]').count()) !== rowsBefore) throw new Error('a bad cron created a schedule')
    // Every two seconds: it fires while we watch, and its last run links to the run.
    await p.getByLabel('Cron').fill('*/2 * * * * *')
    await p.getByRole('button', { name: 'Create schedule' }).click()
    const created = p.locator('tr[data-schedule-id]', { hasText: '*/2 * * * * *' })
    await created.waitFor()
    await created.locator('a.run-link').waitFor({ timeout: 15_000 })
    await shot(p, '13-schedules')
    // "All its runs" opens the runs list filtered by the schedule's label.
    await created.getByRole('link', { name: 'All its runs' }).click()
    await p.waitForURL('**/runs?label=stepflare.schedule*')
    await p.locator('tr[data-run-id]').first().waitFor()
    await p.goBack()
    await p.getByRole('heading', { name: 'Schedules', level: 1 }).waitFor()
    await created.getByRole('button', { name: /^Pause / }).click()
    await created.getByText('Paused').waitFor()
    await created.getByRole('button', { name: /^Resume / }).click()
    await created.getByText('Active').waitFor()
    await created.getByRole('button', { name: /^Delete / }).click()
    await created.waitFor({ state: 'detached' })
    // A declared schedule can be paused and resumed, not deleted.
    await nightly.getByRole('button', { name: /^Pause / }).click()
    await nightly.getByText('Paused').waitFor()
    if ((await nightly.getByRole('button', { name: /^Delete / }).count()) !== 0) throw new Error('a declared schedule offers Delete')
    await nightly.getByRole('button', { name: /^Resume / }).click()
    await nightly.getByText('Active').waitFor()
    await p.setViewportSize({ width: 390, height: 800 })
    await shot(p, '14-schedules-narrow')
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    await p.setViewportSize({ width: 1280, height: 860 })
    if (overflow > 0) throw new Error(`the Schedules page scrolls sideways by ${overflow}px`)
  })
}
