// Hook: the value while it is set, else the last one it had (what a page showed stays known after it goes away).
import { useState } from 'react'

export function useLastNonNull<T>(value: T | null): T | null {
  const [kept, setKept] = useState<T | null>(value)
  if (value !== null && value !== kept) setKept(value)
  return value ?? kept
}
