import { useState } from 'react';
import type { ActionResponse } from '../../api/client.ts';
import { useActionQuery } from '../../api/hooks.ts';
import { Badge, EnvironmentBadge, HotfixBadge } from '../Badge.tsx';
import { CopyableId } from '../CopyButton.tsx';
import { formatDate, truncate } from '../format.ts';
import { ResultsGrid, type DiffTarget } from '../promotion/ResultsGrid.tsx';
import { LazyDiffPanel } from '../diff/LazyDiffPanel.tsx';

export type ReviewItem = ActionResponse<'queryPeerReviewQueue'>['pendingReviews'][number];

/** The peer queue as P5 loads it; P6 reads its item from the same cached answer. */
export const PEER_QUEUE_REQUEST = { limit: 500 } as const;

export const notesCell = (notes: string | null | undefined) =>
  notes ? (
    <span title={notes.length > 50 ? notes : undefined}>{truncate(notes, 50)}</span>
  ) : (
    <span className="muted">No notes provided</span>
  );

/** The last cells of a queue row (P5, P7): environment, hotfix badge, notes. */
export function ReviewRowTail({ r }: { r: ReviewItem }) {
  return (
    <>
      <td>
        <EnvironmentBadge environment={r.targetEnvironment ?? 'PRODUCTION'} />
      </td>
      <td>{r.isHotfix && <HotfixBadge breakGlass={r.breakGlass} />}</td>
      <td className="hide-tablet">{notesCell(r.deploymentNotes ?? r.notes)}</td>
    </>
  );
}

/** The production request stored with the record at submission (and corrected by retries). */
export const deploymentRequestOf = (r: ReviewItem) =>
  (r.deploymentRequest ?? {}) as {
    newPackName?: string;
    newPackDescription?: string;
    existingPackId?: string;
    createNewPack?: boolean;
    packageVersion?: string;
    targetEnvironments?: Array<{ environmentId: string }>;
  };

/** The environment ids the request chose; null when it chose none (every production environment). */
export const requestedEnvironments = (r: ReviewItem): string[] | null =>
  deploymentRequestOf(r).targetEnvironments?.map((e) => e.environmentId) ?? null;

/** The production environments the request chose, by name; every one when it chose none. */
function useTargetLabel(r: ReviewItem): string {
  const chosen = deploymentRequestOf(r).targetEnvironments;
  const envs = useActionQuery(
    'listEnvironments',
    { target: 'PRODUCTION' },
    { staleTime: 5 * 60_000, enabled: !!chosen?.length },
  );
  if (!chosen?.length) return 'every production environment';
  return chosen
    .map(
      (c) =>
        envs.data?.environments.find((e) => e.environmentId === c.environmentId)?.environmentName ?? c.environmentId,
    )
    .join(', ');
}

/** The pack the request will use: an existing pack by name, or "New: {name}". */
export function usePackLabel(r: ReviewItem): string {
  const q = deploymentRequestOf(r);
  // The stored request keeps the pack's id; its name comes from the pack list (cached per page).
  const packs = useActionQuery(
    'listIntegrationPacks',
    { packPurpose: 'PRODUCTION' },
    { staleTime: 5 * 60_000, enabled: !q.createNewPack && !r.integrationPackName },
  );
  if (q.createNewPack) return `New: ${q.newPackName ?? ''}`;
  return (
    r.integrationPackName ??
    packs.data?.integrationPacks.find((p) => p.packId === q.existingPackId)?.packName ??
    q.existingPackId ??
    '-'
  );
}

export function SubmissionDetails({ r }: { r: ReviewItem }) {
  const pack = usePackLabel(r);
  const targets = useTargetLabel(r);
  return (
    <section className="panel" aria-labelledby={`sub-${r.promotionId}`}>
      <h3 id={`sub-${r.promotionId}`}>Submission Details</h3>
      <dl className="facts">
        <dt>Submitted by</dt>
        <dd>{r.submittedBy ?? r.initiatedBy}</dd>
        <dt>Submitted at</dt>
        <dd>{formatDate(r.submittedAt ?? r.initiatedAt)}</dd>
        <dt>Promotion ID</dt>
        <dd>
          <CopyableId id={r.promotionId} />
        </dd>
        <dt>Process Name</dt>
        <dd>{r.processName ?? '-'}</dd>
        <dt>Package Version</dt>
        <dd>{r.packageVersion ?? '-'}</dd>
        <dt>Dev Package ID</dt>
        <dd>
          <code>{r.devPackageId}</code>
        </dd>
        <dt>Integration Pack</dt>
        <dd>{pack}</dd>
        <dt>Target Environment</dt>
        <dd>
          <EnvironmentBadge environment={r.targetEnvironment ?? 'PRODUCTION'} /> ({targets})
        </dd>
        <dt>Deployment Notes</dt>
        <dd className="user-text">
          {r.deploymentNotes || r.notes || <span className="muted">No notes provided</span>}
        </dd>
      </dl>
    </section>
  );
}

/** P7's section 2: who approved the request as its peer, and what they said. */
export function PeerReviewInformation({ r }: { r: ReviewItem }) {
  return (
    <section className="panel" aria-label="Peer Review Information">
      <h3>Peer Review Information</h3>
      <dl className="facts">
        <dt>Reviewed by</dt>
        <dd>{r.peerReviewedBy ?? '-'}</dd>
        <dt>Reviewed at</dt>
        <dd>{formatDate(r.peerReviewedAt)}</dd>
        <dt>Decision</dt>
        <dd>
          <Badge tone="green">PEER_APPROVED</Badge>
        </dd>
        <dt>Comments</dt>
        <dd className="user-text">{r.peerReviewComments || <span className="muted">No comments provided</span>}</dd>
      </dl>
    </section>
  );
}

/** The hotfix banner with its justification, and the test history of a production-from-test request. */
export function EnvironmentAndHotfix({ r, admin }: { r: ReviewItem; admin?: boolean }) {
  return (
    <>
      {r.isHotfix && (
        <section className="panel panel-hotfix" aria-label="Emergency hotfix">
          <HotfixBadge large breakGlass={r.breakGlass} />
          <p>
            <strong>Justification:</strong>
          </p>
          <p className="user-text hotfix-justification">{r.hotfixJustification}</p>
          <p>⚠ This change bypassed the test environment. Review it with extra care.</p>
        </section>
      )}
      {r.testPromotionId && (
        <section
          className="panel panel-tested"
          aria-label={admin ? 'Test Environment Validation' : 'Previously Tested'}
        >
          <h3>✓ {admin ? 'Test Environment Validation' : 'Previously Tested'}</h3>
          <dl className="facts">
            <dt>Test Promotion ID</dt>
            <dd>
              <CopyableId id={r.testPromotionId} />
            </dd>
            <dt>Test Deployed</dt>
            <dd>{formatDate(r.testDeployedAt)}</dd>
            <dt>Test Integration Pack</dt>
            <dd>{r.testIntegrationPackName ?? '-'}</dd>
          </dl>
        </section>
      )}
    </>
  );
}

/** Per-component results with their diffs, and the components whose credentials were stripped. */
export function PromotionResults({ r }: { r: ReviewItem }) {
  const [diff, setDiff] = useState<DiffTarget | null>(null);
  const stripped = r.results.filter((x) => x.configStripped);
  return (
    <section aria-labelledby={`res-${r.promotionId}`}>
      <h3 id={`res-${r.promotionId}`}>Promotion Results</h3>
      <div className="pills">
        <span>Total Components: {r.componentsTotal}</span>
        <Badge tone="blue">Created: {r.componentsCreated}</Badge>
        <Badge tone="green">Updated: {r.componentsUpdated}</Badge>
        {r.componentsFailed > 0 && <Badge tone="red">Failed: {r.componentsFailed}</Badge>}
      </div>
      <ResultsGrid results={r.results} canDiff={!!r.branchId} onDiff={setDiff} />
      {r.branchId && (
        <LazyDiffPanel branchId={r.branchId} promotionId={r.promotionId} target={diff} onClose={() => setDiff(null)} />
      )}
      {stripped.length > 0 && (
        <div className="panel panel-warning" role="note">
          <h3>⚠ Credential Reconfiguration Required</h3>
          <ul>
            {stripped.map((x) => (
              <li key={x.devComponentId}>{x.name}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="muted">Source Account: {r.devAccountId}</p>
    </section>
  );
}
