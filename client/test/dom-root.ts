// A React root in a fresh element of the test document: mounted before a test, unmounted and removed after it.
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'

export interface TestRoot {
  container: HTMLElement
  root: Root
}

export function mountTestRoot(): TestRoot {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const container = document.createElement('div')
  document.body.appendChild(container)
  return { container, root: createRoot(container) }
}

export async function unmountTestRoot({ container, root }: TestRoot): Promise<void> {
  await act(async () => root.unmount())
  container.remove()
}
