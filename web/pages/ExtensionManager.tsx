import { useNavigate, useSearchParams } from 'react-router';
import { useActionQuery } from '../api/hooks.ts';
import { useMe } from '../app/session.tsx';
import { Badge } from '../components/Badge.tsx';
import { QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { plural } from '../components/format.ts';
import { AccessCache } from '../components/extensions/AccessCache.tsx';
import { AccountPicker, testAndProd, type ClientAccount } from '../components/extensions/AccountPicker.tsx';
import { CompareView } from '../components/extensions/CompareView.tsx';
import { ExtensionEditor } from '../components/extensions/ExtensionEditor.tsx';
import { MapExtensions } from '../components/extensions/MapExtensions.tsx';
import type { CopyRequest } from '../components/extensions/copy-request.ts';
import '../components/extensions/extensions.css';

const VIEWS = [
  ['edit', 'Edit values'],
  ['compare', 'Compare Test / Production'],
  ['maps', 'Map extensions'],
] as const;
type View = (typeof VIEWS)[number][0];

/** The account and environment in the URL, or the obvious choice: the only account, its Test environment. */
function useSelection(accounts: readonly ClientAccount[]) {
  const [params, setParams] = useSearchParams();
  const wanted = params.get('account');
  const account =
    accounts.find((a) => a.clientAccountId === wanted) ?? (accounts.length === 1 ? accounts[0] : undefined);
  const envs = account?.environments ?? [];
  const environment =
    envs.find((e) => e.environmentId === params.get('env')) ?? envs.find((e) => e.role === 'TEST') ?? envs[0];
  const view = (VIEWS.find(([v]) => v === params.get('view'))?.[0] ?? 'edit') as View;
  const go = (next: { account?: string; env?: string; view?: View }) => {
    const merged = { account: account?.clientAccountId, env: environment?.environmentId, view, ...next };
    const search = new URLSearchParams();
    if (merged.account) search.set('account', merged.account);
    if (merged.env) search.set('env', merged.env);
    if (merged.view !== 'edit') search.set('view', merged.view);
    setParams(search);
  };
  return { account, environment, view, go };
}

/** P10: an environment's extension values, edited inline, compared and copied (20-dashboard.md §8). */
export function ExtensionManager() {
  const me = useMe();
  const admin = me.tier === 'ADMIN';
  const navigate = useNavigate();
  const accounts = useActionQuery('listClientAccounts', { includeInactive: false });
  const list = accounts.data?.clientAccounts ?? [];
  const { account, environment, view, go } = useSelection(list);
  const pair = testAndProd(account);
  const scope = { clientAccountId: account?.clientAccountId ?? '', environmentId: environment?.environmentId ?? '' };
  const ext = useActionQuery('getExtensions', scope, { enabled: !!account && !!environment, staleTime: 0 });
  const copy = () => {
    if (!account || !pair) return;
    const state: CopyRequest = {
      clientAccountId: account.clientAccountId,
      clientAccountName: account.clientAccountName,
      test: pair.test,
      prod: pair.prod,
    };
    navigate('/extensions/copy', { state });
  };
  return (
    <section aria-labelledby="p10-title" className="extension-manager">
      <div className="title-row">
        <h2 id="p10-title">Extension Manager</h2>
        {admin && pair && (
          <button type="button" className="secondary" onClick={copy}>
            Copy Test → Production
          </button>
        )}
      </div>
      {accounts.isPending ? (
        <Loading />
      ) : accounts.error ? (
        <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <AccountPicker
          accounts={list}
          account={account}
          environmentId={environment?.environmentId ?? ''}
          onAccount={(id) => go({ account: id, env: '' })}
          onEnvironment={(id) => go({ env: id })}
        />
      )}
      {account && environment && (
        <>
          <div role="tablist" aria-label="Extension views" className="tabs">
            {VIEWS.filter(([v]) => v !== 'compare' || pair).map(([v, label]) => (
              <button
                key={v}
                type="button"
                role="tab"
                aria-selected={view === v}
                className={view === v ? 'tab active' : 'tab'}
                onClick={() => go({ view: v })}
              >
                {label}
              </button>
            ))}
          </div>
          {view === 'compare' && pair ? (
            <CompareView clientAccountId={account.clientAccountId} test={pair.test} prod={pair.prod} />
          ) : ext.isPending ? (
            <Loading text="Loading extensions..." minHeight={300} />
          ) : ext.error ? (
            <QueryError error={ext.error} onRetry={() => void ext.refetch()} />
          ) : (
            <>
              <div className="extension-summary">
                <div className="pills" aria-label="Counts">
                  <Badge tone="gray">{plural(ext.data.counts.componentCount, 'component')}</Badge>
                  <Badge tone="green">{plural(ext.data.counts.connectionCount, 'connection')}</Badge>
                  <Badge tone="blue">
                    {plural(ext.data.counts.processPropertyCount, 'process property', 'process properties')}
                  </Badge>
                  <Badge tone="teal">
                    {plural(ext.data.counts.dynamicPropertyCount, 'dynamic property', 'dynamic properties')}
                  </Badge>
                  <Badge tone="purple">{plural(ext.data.counts.mapExtensionCount, 'map extension')}</Badge>
                </div>
                <AccessCache {...scope} builtAt={ext.data.accessCacheBuiltAt} admin={admin} />
              </div>
              {view === 'maps' ? (
                <MapExtensions data={ext.data} admin={admin} />
              ) : (
                <ExtensionEditor
                  key={`${scope.clientAccountId}/${scope.environmentId}`}
                  data={ext.data}
                  admin={admin}
                />
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
