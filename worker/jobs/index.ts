// This app's jobs by key: what worker/durably.ts registers (and what the bench Worker serves beside its own).
import { importCsvJob } from './import-csv'
import { nightlyReportJob } from './nightly-report'
import { slowStepsJob } from './slow-steps'
import { flakySyncJob } from './flaky-sync'
import { approvalJob } from './approval'
import { orderFlowJob } from './order-flow'

export const appJobs = {
  importCsv: importCsvJob,
  slowSteps: slowStepsJob,
  flakySync: flakySyncJob,
  nightlyReport: nightlyReportJob,
  approval: approvalJob,
  orderFlow: orderFlowJob,
}
