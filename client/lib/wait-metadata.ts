// What a durable wait's metadata says it is: an event wait (its event and match) or a child run's wait (its job).

/** An event wait's metadata: the event name it takes and the payload fields that must match (null: any such event). */
export interface EventWaitMetadata {
  event: string
  match: Record<string, unknown> | null
}

interface WaitLike {
  name: string
  metadata: unknown
}

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null

/** The event and match of a `step.waitForEvent` wait, or null for any other wait. */
export function eventWaitOf(wait: WaitLike): EventWaitMetadata | null {
  const metadata = record(wait.metadata)
  if (typeof metadata?.event !== 'string') return null
  return { event: metadata.event, match: record(metadata.match) }
}

/** The job a `step.invoke` wait started as a child run, or null for any other wait. */
export function invokedJobOf(wait: WaitLike): string | null {
  const invoke = record(wait.metadata)?.invoke
  return typeof invoke === 'string' ? invoke : null
}

/** The step name a `step.invoke` wait was given (its wait is named `invoke:<name>`). */
export function invokeStepName(wait: WaitLike): string {
  return wait.name.startsWith('invoke:') ? wait.name.slice('invoke:'.length) : wait.name
}
