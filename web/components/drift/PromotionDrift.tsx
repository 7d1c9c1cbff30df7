import { useMemo } from 'react';
import { useActionQuery } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { ComponentDriftNote } from './ComponentDriftNote.tsx';
import type { Finding } from './drift-text.ts';

/** Open drift on the production components a promotion writes: what merging it would overwrite. */
export function usePromotionDrift(promotionId: string) {
  return useActionQuery('listDrift', { promotionId });
}

/** P6/P7: the reviewers see which production components changed outside Promo since it was recorded. */
export function PromotionDrift({
  findings,
  error,
  onRetry,
}: {
  findings: readonly Finding[];
  error?: Parameters<typeof ErrorBanner>[0]['error'] | null;
  onRetry?: () => void;
}) {
  if (error) return <ErrorBanner error={error} {...(onRetry ? { onRetry } : {})} />;
  if (!findings.length) return null;
  return (
    <div className="banner banner-warning" role="region" aria-label="Production drift">
      <strong>
        ⚠ Production changed outside Promo: approving this promotion overwrites {findings.length === 1 ? 'it' : 'them'}.
      </strong>
      <ul>
        {findings.map((f) => (
          <li key={f.componentId}>
            <strong>{f.componentName ?? f.componentId}</strong> <ComponentDriftNote drift={f} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** P6: the drift section of a promotion under review. */
export function ReviewDrift({ promotionId }: { promotionId: string }) {
  const drift = usePromotionDrift(promotionId);
  return (
    <PromotionDrift findings={drift.data?.findings ?? []} error={drift.error} onRetry={() => void drift.refetch()} />
  );
}

/** P8: open component drift by production component id. */
export function useDriftByComponent() {
  const query = useActionQuery('listDrift', { kind: 'COMPONENT' });
  return useMemo(() => new Map((query.data?.findings ?? []).map((f) => [f.componentId, f])), [query.data]);
}
