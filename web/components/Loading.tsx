/** A spinner with its text, announced politely to screen readers. */
export function Loading({ text = 'Loading...', minHeight }: { text?: string; minHeight?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite" style={minHeight ? { minHeight } : undefined}>
      <span className="spinner" aria-hidden="true" /> {text}
    </div>
  );
}

/** Progress of a long operation: "step (done of total)" and a bar when the total is known. */
export function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  return (
    <div className="progress" role="status" aria-live="polite">
      <div>{label}</div>
      {total > 0 && (
        <progress max={total} value={done} aria-label={label}>
          {done} of {total}
        </progress>
      )}
    </div>
  );
}
