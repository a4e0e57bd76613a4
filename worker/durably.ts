// This app's Stepflare instance: its registered jobs. The client imports only its type.
import { createDurably } from './engine'
import { benchFanoutJob, benchNoopJob } from './jobs/bench'
import { importCsvJob } from './jobs/import-csv'
import { slowStepsJob } from './jobs/slow-steps'

export const durably = createDurably({
  jobs: {
    importCsv: importCsvJob,
    slowSteps: slowStepsJob,
    benchNoop: benchNoopJob,
    benchFanout: benchFanoutJob,
  },
})
