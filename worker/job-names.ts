// The registered name of every job in worker/durably.ts by its key: names only, so the dashboard imports it as is.
import type { durably } from './durably'

type Registry = (typeof durably)['jobs']

/** Each job key's registered name, as the registry's types say it (a renamed, added or removed job fails to compile). */
type RegisteredNames = { [K in keyof Registry]: Registry[K]['name'] }

export const jobNames = {
  importCsv: 'import-csv',
  slowSteps: 'slow-steps',
  flakySync: 'flaky-sync',
  nightlyReport: 'nightly-report',
  approval: 'approval',
  orderFlow: 'order-flow',
} as const satisfies RegisteredNames
