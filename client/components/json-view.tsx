// Shows a JSON value (a run's input or output) readably, collapsed when it is long.
interface JsonViewProps {
  value: unknown
  label: string
}

const COLLAPSE_OVER = 1500

export function JsonView({ value, label }: JsonViewProps) {
  if (value === null || value === undefined) return <p className="muted">None</p>
  const text = JSON.stringify(value, null, 2)
  const pre = (
    <pre className="json" aria-label={label} tabIndex={0}>
      {text}
    </pre>
  )
  if (text.length <= COLLAPSE_OVER) return pre
  return (
    <details>
      <summary>Show {label.toLowerCase()} ({Math.round(text.length / 1000)} KB)</summary>
      {pre}
    </details>
  )
}
