import { Badge } from '../Badge.tsx';
import { changeLabel, changedByText, recordedVsActual, type ComponentDriftInfo } from './drift-text.ts';

/** A component's drift next to its name: the badge says it, the text says what, who and when. */
export function ComponentDriftNote({ drift }: { drift: ComponentDriftInfo }) {
  return (
    <span className="drift-note">
      <Badge tone="amber">⚠ {changeLabel(drift.change)}</Badge>{' '}
      <span className="muted">
        {recordedVsActual(drift)} · by {changedByText(drift)}
      </span>
    </span>
  );
}
