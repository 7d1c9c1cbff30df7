import { useActionMutation } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { formatDate } from '../format.ts';

/**
 * When the access cache (which team may edit which component) was built, and for admins the
 * button that rebuilds it after mappings or teams changed.
 */
export function AccessCache({
  clientAccountId,
  environmentId,
  builtAt,
  admin,
}: {
  clientAccountId: string;
  environmentId: string;
  builtAt: string | null;
  admin: boolean;
}) {
  const sync = useActionMutation('syncExtensionAccess');
  const r = sync.data;
  return (
    <div className="access-cache">
      <span className="muted">Access cache built: {builtAt ? formatDate(builtAt) : 'never'}</span>
      {admin && (
        <button
          type="button"
          className="secondary small"
          disabled={sync.isPending}
          onClick={() => sync.mutate({ clientAccountId, environmentId })}
        >
          {sync.isPending ? 'Rebuilding...' : 'Rebuild access cache'}
        </button>
      )}
      {r && (
        <span role="status">
          Rebuilt: {r.componentCount} components ({r.mappedCount} mapped, {r.sharedCount} shared, {r.unmappedCount}{' '}
          unmapped).
        </span>
      )}
      {sync.error && <ErrorBanner error={sync.error} />}
    </div>
  );
}
