// The run statuses in display order, as a runtime list (the engine's list is server code).
import type { RunStatus } from './types'

export const RUN_STATUSES: readonly RunStatus[] = ['pending', 'leased', 'completed', 'failed', 'cancelled']
