import { useActionQuery } from '../../api/hooks.ts';
import { guidanceFor } from '../ErrorPanel.tsx';
import { XmlDiffViewer } from './XmlDiffViewer.tsx';

export interface DiffPanelProps {
  branchId: string;
  prodComponentId: string;
  componentName: string;
  componentAction: 'CREATE' | 'UPDATE';
  promotionId?: string;
  onClose(): void;
}

const WIDTHS = [92, 64, 80, 45, 70, 88, 55, 76];

/**
 * The diff panel under a results grid (P3, P6, P7): asks the service for the branch and main
 * versions of one component and shows them; errors stay inside the panel with a Retry.
 */
export function DiffPanel(p: DiffPanelProps) {
  const diff = useActionQuery(
    'generateComponentDiff',
    {
      branchId: p.branchId,
      prodComponentId: p.prodComponentId,
      componentName: p.componentName,
      componentAction: p.componentAction,
      ...(p.promotionId ? { promotionId: p.promotionId } : {}),
    },
    { staleTime: 60_000 },
  );
  const d = diff.data;
  return (
    <section className="diff-panel" aria-label={`Changes to ${p.componentName}`}>
      <button type="button" className="link-button close" aria-label="Close diff" onClick={p.onClose}>
        ✕
      </button>
      {diff.isPending && (
        <div className="diff-skeleton" role="status">
          <span className="sr-only">Loading component diff...</span>
          {WIDTHS.map((w, i) => (
            <div key={i} style={{ width: `${w}%` }} />
          ))}
        </div>
      )}
      {diff.error && (
        <div className="banner banner-error" role="alert">
          <div>
            <strong>! {diff.error.message}</strong>
            {guidanceFor(diff.error) && <div>{guidanceFor(diff.error)}</div>}
          </div>
          <button type="button" onClick={() => void diff.refetch()}>
            Retry
          </button>
        </div>
      )}
      {d && !d.branchXml && (
        <div className="banner banner-error" role="alert">
          Branch XML data is missing
        </div>
      )}
      {d && d.branchXml && (
        <>
          {d.mainChangedSinceBranch && (
            <div className="banner banner-warning" role="status">
              ⚠ {d.mainChangedWarning ?? 'Main has changed since this branch was created.'}
            </div>
          )}
          {d.componentAction === 'UPDATE' && d.summary.changes.length > 0 && (
            <details className="change-summary">
              <summary>
                Change summary: {d.summary.elementsAdded} elements added, {d.summary.elementsRemoved} removed,{' '}
                {d.summary.elementsChanged} changed;{' '}
                {d.summary.attributesAdded + d.summary.attributesRemoved + d.summary.attributesChanged} attribute
                changes
              </summary>
              <ul>
                {d.summary.changes.map((c, i) => (
                  <li key={i}>
                    <strong>{c.kind}</strong> <code>{c.path}</code> {c.detail}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <XmlDiffViewer
            componentName={d.componentName}
            componentAction={d.componentAction}
            branchXml={d.branchXml}
            mainXml={d.mainXml}
            branchVersion={d.branchVersion}
            mainVersion={d.mainVersion}
          />
        </>
      )}
    </section>
  );
}
