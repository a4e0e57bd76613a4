// The dashboard's client instance: typed hooks for every job registered in worker/durably.ts.
import type { durably } from '../../worker/durably'
import { jobNames } from '../../worker/job-names'
import { createDurably } from './create-durably'

/** Job names come with the client (worker/job-names.ts, checked against the registry), so none is asked of the server. */
export const dashboardClient = createDurably<typeof durably>({ api: '/api/durably', jobNames })
