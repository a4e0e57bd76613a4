// This app's Stepflare instance: its registered jobs and engine settings. The client imports only its type.
import { createDurably } from './engine'
import { appJobs } from './jobs'

export const durably = createDurably({ jobs: appJobs })
