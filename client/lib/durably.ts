// The app's typed client of its own server: hooks for every job registered in worker/durably.ts.
import type { durably } from '../../worker/durably'
import { createDurably } from './create-durably'

export const durablyClient = createDurably<typeof durably>({ api: '/api/durably' })
