import { useActionQuery } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { formatDate, plural } from '../format.ts';

const REASONS: Record<string, string> = {
  CONTENT_CHANGED: 'Content changed',
  LINK_BROKEN: 'Link broken',
  MISSING: 'Events missing',
  UNCHAINED: 'Event not on the chain',
};

/** Runs verifyAuditTrail on demand (it walks the whole chain) and shows the outcome. */
export function ChainVerification() {
  // A read, run only when asked: the walk reads every event.
  const verify = useActionQuery('verifyAuditTrail', {}, { enabled: false, staleTime: Infinity, retry: false });
  const v = verify.data;
  return (
    <section className="panel" aria-labelledby="verify-title">
      <div className="title-row">
        <h3 id="verify-title">Chain verification</h3>
        <button type="button" disabled={verify.isFetching} onClick={() => void verify.refetch()}>
          {verify.isFetching ? 'Verifying…' : 'Verify chain'}
        </button>
      </div>
      {verify.error ? (
        <ErrorBanner error={verify.error} />
      ) : !v ? (
        <p className="muted">
          Each event carries a hash over its content and the previous event&apos;s hash. Verifying walks the whole chain
          and names the first event that was changed, deleted or slipped in.
        </p>
      ) : v.ok ? (
        <div className="banner banner-success" role="status" aria-label="Verification result">
          <div>
            <strong>The audit trail verifies: {plural(v.checked, 'event')} checked.</strong>
            {v.head && (
              <div>
                Head: position {v.head.chainSeq}, event #{v.head.eventId}, hash <code>{v.head.hash}</code>. Write it
                down elsewhere to prove later that nothing was cut off the end.
              </div>
            )}
            <div className="muted">
              Verified {formatDate(v.verifiedAt)} in {v.durationMs} ms.
            </div>
          </div>
        </div>
      ) : (
        <div className="banner banner-error" role="alert" aria-label="Verification result">
          <div>
            <strong>
              The audit trail does not verify: {REASONS[v.firstFailure?.reason ?? ''] ?? v.firstFailure?.reason}
              {v.firstFailure?.eventId !== null && v.firstFailure?.eventId !== undefined
                ? ` at event #${v.firstFailure.eventId}`
                : ''}
              .
            </strong>
            <div>{v.firstFailure?.message}</div>
            <div className="muted">
              {plural(v.checked, 'event')} verified before it. Verified {formatDate(v.verifiedAt)}.
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
