// An alert box for an error, announced to screen readers.
import type { ReactNode } from 'react'

export function ErrorMessage({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="alert alert-error" role="alert">
      {title && <strong>{title} </strong>}
      {children}
    </div>
  )
}
