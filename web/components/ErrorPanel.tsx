import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { ERROR_GUIDANCE } from '../api/error-guidance.ts';
import { WayForward, blockerGuidance } from './WayForward.tsx';

const codeOf = (e: unknown) => (e instanceof ApiError ? e.code : 'INTERNAL_ERROR');

/** The guidance line for an error: the blocker's advice when it names one, else its code's (Appendix B). */
export const guidanceFor = (e: unknown) => blockerGuidance(e) ?? ERROR_GUIDANCE[codeOf(e)];

/**
 * The error page of 20-dashboard.md §3.8, drawn in place so "Retry" can repeat the failed call
 * with the same inputs: title, the service's message, guidance, the specific way forward when
 * there is one, collapsed technical details, and Back / Retry / Home so no screen is a dead end.
 */
export function ErrorPanel({
  error,
  onRetry,
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const navigate = useNavigate();
  const api = error instanceof ApiError ? error : null;
  const message = api?.message ?? (error instanceof Error ? error.message : String(error));
  const guidance = guidanceFor(error);
  return (
    <section className="error-page" role="alert" aria-labelledby="error-title">
      <div className="error-icon" aria-hidden="true">
        ⚠
      </div>
      <h2 id="error-title">An error occurred</h2>
      <p className="error-message">{message}</p>
      {guidance && !message.includes(guidance) && <p className="error-guidance">{guidance}</p>}
      <WayForward error={error} />
      {children}
      <details className="error-details">
        <summary>Technical Details</summary>
        <dl>
          <dt>Error code</dt>
          <dd>
            <code>{codeOf(error)}</code>
          </dd>
          {api?.field && (
            <>
              <dt>Field</dt>
              <dd>
                <code>{api.field}</code>
              </dd>
            </>
          )}
          {api?.requestId && (
            <>
              <dt>Request id</dt>
              <dd>
                <code>{api.requestId}</code>
              </dd>
            </>
          )}
          {api && (
            <>
              <dt>HTTP status</dt>
              <dd>{api.status}</dd>
            </>
          )}
        </dl>
      </details>
      <div className="button-bar">
        <button type="button" className="secondary" onClick={() => navigate(-1)}>
          Back
        </button>
        {onRetry && (
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        )}
        <button type="button" className="secondary" onClick={() => navigate('/packages')}>
          Home
        </button>
      </div>
    </section>
  );
}

/** An inline red banner with the message, guidance and an optional Retry (the inline cases of §3.8). */
export function ErrorBanner({
  error,
  onRetry,
  retryLabel = 'Retry',
}: {
  error: unknown;
  onRetry?: () => void;
  retryLabel?: string;
}) {
  const message = error instanceof Error ? error.message : String(error);
  const guidance = guidanceFor(error);
  return (
    <div className="banner banner-error" role="alert">
      <div>
        <strong>{message}</strong>
        {guidance && !message.includes(guidance) && <div>{guidance}</div>}
        <WayForward error={error} />
      </div>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}

/** Transient failures (rate limit, Boomi or service unavailable) get a retry banner, others the error page. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  if (error instanceof ApiError && error.transient) return <ErrorBanner error={error} onRetry={onRetry} />;
  return <ErrorPanel error={error} onRetry={onRetry} />;
}
