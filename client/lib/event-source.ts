// The part of EventSource the stores use, and how they open one (tests pass a scriptable fake).
export interface EventSourceLike {
  readonly readyState: number
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onerror: ((event: Event) => void) | null
  close(): void
}
export type EventSourceFactory = (url: string) => EventSourceLike
