import { Link, useLocation, useNavigate } from 'react-router';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { plural } from '../components/format.ts';
import { CopyPreviewTable, CopySummary } from '../components/extensions/CopyPreview.tsx';
import { copyRequestOf, type CopyRequest } from '../components/extensions/copy-request.ts';
import '../components/extensions/extensions.css';

const backTo = (r: CopyRequest, environmentId: string) =>
  `/extensions?account=${encodeURIComponent(r.clientAccountId)}&env=${encodeURIComponent(environmentId)}`;

/** P11: what a Test → Production copy will change, then the copy itself (20-dashboard.md §8). */
export function ExtensionCopy() {
  const request = copyRequestOf(useLocation().state);
  if (!request)
    return (
      <section className="access-denied" role="alert" aria-labelledby="p11-guard">
        <h2 id="p11-guard">Open the copy from the Extension Manager</h2>
        <p>A copy starts from an account’s Test environment in the Extension Manager, so you see what you copy.</p>
        <Link to="/extensions">Go to the Extension Manager</Link>
      </section>
    );
  return <CopyConfirmation r={request} />;
}

function CopyConfirmation({ r }: { r: CopyRequest }) {
  const navigate = useNavigate();
  const body = {
    clientAccountId: r.clientAccountId,
    testEnvironmentId: r.test.environmentId,
    prodEnvironmentId: r.prod.environmentId,
  };
  const preview = useActionQuery('copyExtensionsTestToProd', { ...body, preview: true }, { staleTime: 0 });
  const copy = useActionMutation('copyExtensionsTestToProd');
  const result = copy.data;
  return (
    <section aria-labelledby="p11-title" className="extension-copy">
      <h2 id="p11-title">Copy Extensions: Test → Production</h2>
      <div className="context-bar copy-route" aria-label="Source and destination">
        <span>
          <strong>Account:</strong> {r.clientAccountName}
        </span>
        <span>
          <strong>From</strong> Test: {r.test.environmentName} <span aria-hidden="true">→</span> <strong>to</strong>{' '}
          Production: {r.prod.environmentName}
        </span>
      </div>
      {result ? (
        <div className="banner banner-success" role="status">
          <div>
            <strong>
              Copied {plural(result.fieldsCopied, 'field')} to Production.
              {result.encryptedFieldsSkipped > 0 &&
                ` ${plural(result.encryptedFieldsSkipped, 'encrypted field')} not copied: set them in Production.`}
            </strong>
            <p>
              <Link to={backTo(r, r.prod.environmentId)}>Return to Extension Manager</Link>
            </p>
          </div>
        </div>
      ) : preview.isPending ? (
        <Loading text="Working out what will change..." />
      ) : preview.error ? (
        <QueryError error={preview.error} onRetry={() => void preview.refetch()} />
      ) : (
        <>
          <CopySummary preview={preview.data} />
          <CopyPreviewTable items={preview.data.items} />
          {copy.error && <ErrorBanner error={copy.error} />}
          <div className="button-bar footer-bar">
            <button type="button" className="secondary" onClick={() => navigate(backTo(r, r.test.environmentId))}>
              Cancel
            </button>
            <span className="spacer" />
            <button
              type="button"
              className="success large"
              disabled={copy.isPending || !preview.data.items.some((i) => i.action === 'COPY')}
              onClick={() => copy.mutate({ ...body, preview: false })}
            >
              {copy.isPending ? 'Copying...' : 'Confirm copy'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
