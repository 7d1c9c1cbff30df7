import { plural } from '../format.ts';
import type { ComponentDriftInfo } from './drift-text.ts';

/** P2: before promoting, which production components changed outside Promo and would be overwritten. */
export function DriftWarning({
  components,
}: {
  components: ReadonlyArray<{ name: string; drift?: ComponentDriftInfo }>;
}) {
  const drifted = components.filter((c) => c.drift);
  if (!drifted.length) return null;
  return (
    <div className="banner banner-warning" role="status" aria-label="Production drift">
      ⚠ {plural(drifted.length, 'production component has', 'production components have')} changed outside Promo since
      its last promotion ({drifted.map((c) => c.name).join(', ')}). Promoting this package overwrites those changes once
      it reaches production; the admin approving it must acknowledge that. Details are marked in the table below.
    </div>
  );
}
