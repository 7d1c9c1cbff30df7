import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useActionQuery } from '../api/hooks.ts';
import type { ActionResponse } from '../api/client.ts';
import { useMe } from '../app/session.tsx';
import { TypeBadge } from '../components/Badge.tsx';
import { Loading } from '../components/Loading.tsx';
import { QueryError } from '../components/ErrorPanel.tsx';
import { Pagination, pageOf } from '../components/Pagination.tsx';
import { SortHeader } from '../components/SortHeader.tsx';
import { formatDate, truncate } from '../components/format.ts';
import { naturalCompare, selectableRow, type SortDir } from '../components/rows.ts';

type Package = ActionResponse<'listDevPackages'>['packages'][number];
type Column = 'componentName' | 'packageVersion' | 'componentType' | 'createdDate';
const PAGE = 50;

/** P1: pick a dev account and a packaged process to promote (20-dashboard.md §4 P1). */
export function PackageBrowser() {
  const me = useMe();
  const accounts = useActionQuery('getDevAccounts', {});
  const [chosen, setChosen] = useState<string>('');
  const list = accounts.data?.devAccounts ?? [];
  // Exactly one account: chosen for the user and the selector hidden.
  const accountId = list.length === 1 ? list[0]!.accountId : chosen;

  if (accounts.isPending) return <Loading />;
  if (accounts.error) return <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />;
  return (
    <section aria-labelledby="p1-title">
      <h2 id="p1-title">Package Browser</h2>
      <p className="page-identity">
        User: {me.name} ({me.email})
      </p>
      {list.length === 0 && (
        <div className="banner banner-info" role="status">
          No dev accounts are available to you. Ask an admin to give your team access to a dev account.
        </div>
      )}
      {list.length > 1 && (
        <div className="field" style={{ maxWidth: 400 }}>
          <label htmlFor="dev-account">Select Dev Account</label>
          <select id="dev-account" required value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="" disabled>
              Choose a development account...
            </option>
            {list.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.accountName}
              </option>
            ))}
          </select>
        </div>
      )}
      {accountId ? (
        <>
          <p className="list-source">
            Packages in dev account <strong>‘{list.find((a) => a.accountId === accountId)?.accountName}’</strong> (id{' '}
            <code>{accountId}</code>)
          </p>
          <Packages key={accountId} accountId={accountId} />
        </>
      ) : (
        list.length > 0 && (
          <div className="empty-state" role="status">
            <span aria-hidden="true">📁</span> Select a dev account to view packages
          </div>
        )
      )}
    </section>
  );
}

function Packages({ accountId }: { accountId: string }) {
  const navigate = useNavigate();
  const packages = useActionQuery('listDevPackages', { devAccountId: accountId });
  const [selected, setSelected] = useState<Package | null>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ column: Column; dir: SortDir }>({ column: 'createdDate', dir: 'desc' });
  const [page, setPage] = useState(0);

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const found = (packages.data?.packages ?? []).filter(
      (p) => !q || p.componentName.toLowerCase().includes(q) || p.componentType.toLowerCase().includes(q),
    );
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...found].sort(
      (a, b) =>
        sign *
        (sort.column === 'createdDate'
          ? a.createdDate.localeCompare(b.createdDate)
          : naturalCompare(a[sort.column], b[sort.column])),
    );
  }, [packages.data, search, sort]);

  if (packages.isPending) return <Loading text="Loading packages..." minHeight={400} />;
  if (packages.error) return <QueryError error={packages.error} onRetry={() => void packages.refetch()} />;
  const review = () => {
    if (!selected) return;
    const params = new URLSearchParams({
      componentId: selected.componentId,
      version: selected.packageVersion,
      name: selected.componentName,
      createdBy: selected.createdBy,
    });
    navigate(
      `/accounts/${encodeURIComponent(accountId)}/packages/${encodeURIComponent(selected.packageId)}/review?${params}`,
    );
  };
  return (
    <>
      {packages.data.packages.length === 0 ? (
        <div className="empty-state" role="status">
          <p>
            <span aria-hidden="true">📦</span> No packages found in this account
          </p>
          <p className="muted">
            Packages come from versioning a process in Boomi's Build tab (Create Packaged Component).
          </p>
        </div>
      ) : (
        <>
          <div className="field" style={{ maxWidth: 400 }}>
            <label htmlFor="package-search">Search</label>
            <input
              id="package-search"
              type="search"
              placeholder="Search packages..."
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(0);
              }}
            />
          </div>
          <div className="table-wrap" style={{ minHeight: 400 }}>
            <table aria-label="Packages">
              <thead>
                <tr>
                  <SortHeader label="Package Name" column="componentName" sort={sort} onSort={setSort} />
                  <SortHeader label="Version" column="packageVersion" sort={sort} onSort={setSort} className="num" />
                  <SortHeader label="Type" column="componentType" sort={sort} onSort={setSort} />
                  <SortHeader label="Created" column="createdDate" sort={sort} onSort={setSort} />
                  <th className="hide-tablet">Notes</th>
                </tr>
              </thead>
              <tbody>
                {pageOf(rows, page, PAGE).map((p) => (
                  <tr key={p.packageId} {...selectableRow(selected?.packageId === p.packageId, () => setSelected(p))}>
                    <td>{p.componentName}</td>
                    <td className="num">{p.packageVersion}</td>
                    <td>
                      <TypeBadge type={p.componentType} />
                    </td>
                    <td>{formatDate(p.createdDate)}</td>
                    <td className="hide-tablet" title={p.notes.length > 100 ? p.notes : undefined}>
                      {truncate(p.notes, 100)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > PAGE && (
            <Pagination page={page} pageSize={PAGE} total={rows.length} noun="packages" onPage={setPage} />
          )}
        </>
      )}
      <p className="sr-only" aria-live="polite">
        {selected ? `Selected package ${selected.componentName} version ${selected.packageVersion}` : ''}
      </p>
      <div className="button-bar footer-bar">
        <span className="spacer" />
        <button
          type="button"
          disabled={!selected}
          title={selected ? undefined : 'Select a package to review'}
          onClick={review}
        >
          Review for Promotion →
        </button>
      </div>
    </>
  );
}
