import { Link } from 'react-router';
import type { ActionResponse } from '../../api/client.ts';
import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { Loading } from '../Loading.tsx';
import { plural } from '../format.ts';
import './extensions.css';

type Check = ActionResponse<'checkProductionExtensions'>;

/** The extension check of a production request, read when its decision panel opens. */
export const useExtensionCheck = (promotionId: string, enabled: boolean) =>
  useActionQuery('checkProductionExtensions', { promotionId }, { enabled, staleTime: 0 });

/** Approval waits while findings remain, when an admin made that the rule. */
export const blocksApproval = (check: Check | undefined) => !!check?.blocksApproval && check.findings.length > 0;

export const BLOCKED_REASON = 'Approval is blocked until the extension findings are fixed in the Extension Manager.';

const shown = (v: string | null) => (v === null || v === '' ? '(empty)' : v);

/**
 * P7's "Extensions before production": the target environments' values that are empty or look like
 * Test's, amber as a warning or red when the rule blocks approval, with the rule's switch.
 */
export function ExtensionFindings({ check, pending }: { check: Check | undefined; pending: boolean }) {
  const rule = useActionMutation('setExtensionCheckRule');
  if (pending) return <Loading text="Checking production extensions..." />;
  if (!check) return null;
  const blocked = blocksApproval(check);
  const clean = check.findings.length === 0 && check.unchecked.length === 0;
  return (
    <section
      className={`panel ${blocked ? 'panel-hotfix' : clean ? 'panel-tested' : 'panel-warning'} extension-findings`}
      aria-labelledby="extension-findings-title"
    >
      <h3 id="extension-findings-title">Extensions before production</h3>
      {clean ? (
        <p>No findings: the production values look ready.</p>
      ) : (
        <>
          {check.findings.length > 0 && (
            <p role={blocked ? 'alert' : undefined}>
              <strong>{plural(check.findings.length, 'finding')}</strong>
              {blocked ? `. ${BLOCKED_REASON}` : ': check them before approving.'}
            </p>
          )}
          <ul className="findings-list">
            {check.findings.map((f) => (
              <li key={`${f.environmentId}/${f.componentId}/${f.fieldId}/${f.kind}`}>
                <strong>{f.environmentName}</strong>: {f.message}{' '}
                <span className="muted">
                  (Production {shown(f.prodValue)}, Test {shown(f.testValue)})
                </span>
              </li>
            ))}
            {check.unchecked.map((u) => (
              <li key={u.environmentId}>
                Not checked: <code>{u.environmentId}</code>: {u.reason}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/extensions">Fix them in the Extension Manager</Link>
          </p>
        </>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={
            rule.isPending
              ? !!rule.variables?.blockApproval
              : rule.isSuccess
                ? rule.data.blockApproval
                : check.ruleBlocksApproval
          }
          disabled={rule.isPending}
          onChange={(e) => rule.mutate({ blockApproval: e.target.checked })}
        />
        Block approval while extension findings remain
      </label>
      {rule.error && <ErrorBanner error={rule.error} />}
    </section>
  );
}
