// The shapes of the wait operations (types only, so the engine's public types can name them without their code).
import type { DurableWait } from '../protocol/records'

/** What `POST /signal` answers: the wait, and whether this signal was stored now or had been before. */
export interface SignalReceipt {
  wait: DurableWait
  disposition: 'accepted' | 'duplicate'
}

export interface WaitOperations {
  /** The run's durable waits in the order they were prepared ([] for an unknown run). */
  getWaits(runId: string): Promise<DurableWait[]>
  /** One wait by its id, or null. */
  getWait(waitId: string): Promise<DurableWait | null>
  /**
   * Sends a signal to a wait: the first signal (or the deadline) wins; the same `signalId` and payload again returns
   * the stored receipt. ConflictError for another signal or a finished run, GoneError past the deadline, NotFoundError
   * for an unknown wait.
   */
  signal(waitId: string, payload: unknown, options: { signalId: string }): Promise<DurableWait>
  /** `signal` for a wait of run `runId` (404 when it is another run's), with whether it was stored now or before. */
  deliverSignal(runId: string, waitId: string, signal: { signalId: string; payload: unknown }): Promise<SignalReceipt>
}
