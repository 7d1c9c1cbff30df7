import { Link } from 'react-router';
import type { ActionResponse } from '../../api/client.ts';
import { useActionQuery } from '../../api/hooks.ts';
import { StatusBadge } from '../Badge.tsx';
import { formatDate, shortId } from '../format.ts';
import './promotion.css';

type PromotionRecord = ActionResponse<'queryStatus'>['promotions'][number];

interface Decision {
  stage: string;
  approved: boolean;
  by: string;
  at: string | null;
  comments: string | null;
}

/** The peer and admin decisions recorded on a promotion, in the order they were taken. */
export function decisionsOf(r: PromotionRecord): Decision[] {
  const out: Decision[] = [];
  if (r.peerReviewedBy)
    out.push({
      stage: 'Peer review',
      approved: r.peerReviewStatus !== 'PEER_REJECTED',
      by: r.peerReviewedBy,
      at: r.peerReviewedAt,
      comments: r.peerReviewComments,
    });
  if (r.adminApprovedBy)
    out.push({
      stage: 'Admin review',
      approved: r.adminReviewStatus !== 'ADMIN_REJECTED',
      by: r.adminApprovedBy,
      at: r.adminApprovedAt,
      comments: r.adminComments,
    });
  return out;
}

/**
 * The top of P3 (issue 12 item 4): a rejection's reason, who gave it and when, in an alert; the
 * peer and admin decisions; the hotfix justification; and the records this one belongs with (the
 * test deployment a production request was made from, the production requests made from a test
 * deployment), so the author finds why their work was turned down from either record.
 */
export function Decisions({ record: r }: { record: PromotionRecord }) {
  const decisions = decisionsOf(r);
  const rejection = decisions.find((d) => !d.approved);
  const justification = r.isHotfix ? r.hotfixJustification : null;
  return (
    <>
      {rejection && (
        <div className="banner banner-error decision-alert" role="alert">
          <div>
            <strong>
              {rejection.stage === 'Peer review' ? 'Rejected in peer review' : 'Denied in admin review'} by{' '}
              {rejection.by}
            </strong>{' '}
            on <time dateTime={rejection.at ?? undefined}>{formatDate(rejection.at)}</time>
            <p className="user-text decision-reason">
              Reason: <q>{rejection.comments ?? 'no reason given'}</q>
            </p>
          </div>
        </div>
      )}
      {(decisions.length > 0 || justification) && (
        <section className="panel decisions" aria-labelledby={`decisions-${r.promotionId}`}>
          <h3 id={`decisions-${r.promotionId}`}>Decisions</h3>
          <dl className="facts">
            {justification && (
              <>
                <dt>Hotfix justification</dt>
                <dd className="user-text">{justification}</dd>
              </>
            )}
            {decisions.map((d) => (
              <DecisionFacts key={d.stage} d={d} />
            ))}
          </dl>
        </section>
      )}
      <RelatedRecords promotionId={r.promotionId} />
    </>
  );
}

function DecisionFacts({ d }: { d: Decision }) {
  return (
    <>
      <dt>{d.stage}</dt>
      <dd>
        <strong>{d.approved ? 'Approved' : d.stage === 'Peer review' ? 'Rejected' : 'Denied'}</strong> by {d.by} on{' '}
        <time dateTime={d.at ?? undefined}>{formatDate(d.at)}</time>
        {d.comments && (
          <span className="user-text decision-comments">
            {' '}
            — <q>{d.comments}</q>
          </span>
        )}
      </dd>
    </>
  );
}

/** Links between a test deployment and the production requests made from it. */
function RelatedRecords({ promotionId }: { promotionId: string }) {
  const timeline = useActionQuery('getPromotionTimeline', { promotionId }, { staleTime: 0 });
  const related = timeline.data?.related ?? [];
  if (related.length === 0) return null;
  return (
    <nav className="related-records" aria-label="Related records">
      <ul>
        {related.map((x) => (
          <li key={x.promotionId}>
            {x.relation === 'TEST'
              ? 'Made from the test deployment'
              : 'Production request made from this test deployment'}
            : <Link to={`/promotions/${x.promotionId}`}>{shortId(x.promotionId, 8)}</Link>{' '}
            <StatusBadge status={x.status} />
          </li>
        ))}
      </ul>
    </nav>
  );
}
