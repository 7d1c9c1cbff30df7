import { lazy, Suspense } from 'react';
import type { DiffTarget } from '../promotion/ResultsGrid.tsx';
import { Loading } from '../Loading.tsx';

// The diff viewer and its diff library load only when someone opens a diff.
const DiffPanel = lazy(() => import('./DiffPanel.tsx').then((m) => ({ default: m.DiffPanel })));

/** One diff panel below a results grid; opening another replaces it. */
export function LazyDiffPanel({
  branchId,
  promotionId,
  target,
  onClose,
}: {
  branchId: string;
  promotionId: string;
  target: DiffTarget | null;
  onClose(): void;
}) {
  if (!target) return null;
  return (
    <Suspense fallback={<Loading text="Loading component diff..." />}>
      <DiffPanel
        key={target.prodComponentId}
        branchId={branchId}
        promotionId={promotionId}
        {...target}
        onClose={onClose}
      />
    </Suspense>
  );
}
