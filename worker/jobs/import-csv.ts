// The CSV import job: validates rows, then imports them with progress and logs.
import { defineJob } from '../engine'
import { z } from 'zod'

export const importCsvJob = defineJob({
  name: 'import-csv',
  input: z.object({
    filename: z.string(),
    rows: z.array(z.object({ name: z.string(), email: z.string() })),
  }),
  output: z.object({ imported: z.number() }),
  run: async (step, input) => {
    step.log.info(`Starting import of ${input.filename}`)

    const validRows = await step.run('validate', async () => {
      step.progress(1, 3, 'Validating...')
      return input.rows.filter((row) => row.email.includes('@'))
    })

    await step.run('import', async () => {
      for (let i = 0; i < validRows.length; i++) {
        step.progress(
          i + 1,
          validRows.length,
          `Importing ${validRows[i].name}...`,
        )
        // await db.insert('users', validRows[i])
      }
    })

    return { imported: validRows.length }
  },
})
