import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import { useMe } from '../app/session.tsx';
import { Badge, TypeBadge, typeLabel } from '../components/Badge.tsx';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { Modal } from '../components/Modal.tsx';
import { Pagination, pageOf } from '../components/Pagination.tsx';
import { SortHeader } from '../components/SortHeader.tsx';
import { formatDate, shortId, truncate } from '../components/format.ts';
import { naturalCompare, type SortDir } from '../components/rows.ts';
import { download, toCsv } from '../components/mappings/csv.ts';
import { MappingForm, SeedConnectionForm, type Mapping } from '../components/mappings/MappingForms.tsx';
import { ComponentDriftNote } from '../components/drift/ComponentDriftNote.tsx';
import { useDriftByComponent } from '../components/drift/PromotionDrift.tsx';

type Column =
  | 'componentName'
  | 'componentType'
  | 'devAccountId'
  | 'prodLatestVersion'
  | 'lastPromotedAt'
  | 'lastPromotedBy'
  | 'mappingSource';
interface Filters {
  type: string;
  account: string;
  source: string;
  search: string;
}
const NO_FILTERS: Filters = { type: '', account: '', source: '', search: '' };
const PAGE = 50;
const SOURCE = { PROMOTION_ENGINE: ['Engine', 'blue'], ADMIN_SEEDING: ['Admin Seeded', 'purple'] } as const;

/** P8: every dev -> production mapping, filters, CSV export, manual edits and connection seeding (§4 P8). */
export function MappingViewer() {
  const me = useMe();
  const list = useActionQuery('manageMappings', { operation: 'list', limit: 500 }, { staleTime: 0 });
  const accounts = useActionQuery('getDevAccounts', {});
  const drift = useDriftByComponent();
  const remove = useActionMutation('manageMappings');
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<{ column: Column; dir: SortDir }>({ column: 'lastPromotedAt', dir: 'desc' });
  const [page, setPage] = useState(0);
  const [form, setForm] = useState<'edit' | 'seed' | null>(null);
  const [editing, setEditing] = useState<Mapping | null>(null);
  const [deleting, setDeleting] = useState<Mapping | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // The search box applies itself after a 300 ms pause; the other filters wait for "Apply Filters".
  useEffect(() => {
    const t = setTimeout(() => {
      setApplied((a) => ({ ...a, search: draft.search }));
      setPage(0);
    }, 300);
    return () => clearTimeout(t);
  }, [draft.search]);
  const accountList = accounts.data?.devAccounts ?? [];
  const accountName = (id: string) => accountList.find((a) => a.accountId === id)?.accountName;
  const rows = useMemo(() => {
    const q = applied.search.trim().toLowerCase();
    const sign = sort.dir === 'asc' ? 1 : -1;
    return (list.data?.mappings ?? [])
      .filter(
        (m) =>
          (!applied.type || typeLabel(m.componentType) === applied.type) &&
          (!applied.account || m.devAccountId === applied.account) &&
          (!applied.source || m.mappingSource === applied.source) &&
          (!q || m.componentName.toLowerCase().includes(q)),
      )
      .sort(
        (a, b) =>
          sign *
          (sort.column === 'prodLatestVersion'
            ? a.prodLatestVersion - b.prodLatestVersion
            : naturalCompare(String(a[sort.column]), String(b[sort.column]))),
      );
  }, [list.data, applied, sort]);
  const refresh = (message: string) => {
    setForm(null);
    setEditing(null);
    setSaved(message);
    void list.refetch();
  };
  const exportCsv = () => {
    const header = [
      'Component Name',
      'Type',
      'Dev Account',
      'Dev Component ID',
      'Prod Component ID',
      'Prod Version',
      'Last Promoted',
      'Promoted By',
      'Mapping Source',
    ];
    const body = rows.map((m) => [
      m.componentName,
      typeLabel(m.componentType),
      m.devAccountId,
      m.devComponentId,
      m.prodComponentId,
      m.prodLatestVersion,
      m.lastPromotedAt,
      m.lastPromotedBy,
      m.mappingSource,
    ]);
    download(`component-mappings-${new Date().toISOString().slice(0, 10)}.csv`, toCsv([header, ...body]));
  };
  const select = (id: keyof Filters, label: string, options: Array<[string, string]>) => (
    <label className="filter">
      {label}{' '}
      <select value={draft[id]} onChange={(e) => setDraft({ ...draft, [id]: e.target.value })}>
        <option value="">All</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="p8-title">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/admin/approvals">Admin Approval Queue</Link> &gt; Mapping Viewer
      </nav>
      <h2 id="p8-title">Component Mapping Viewer</h2>
      <p className="page-identity">Admin: {me.name}</p>
      {saved && (
        <div className="banner banner-success" role="status">
          {saved}
        </div>
      )}
      <div className="filter-bar" role="search">
        {select(
          'type',
          'Type',
          ['process', 'connection', 'map', 'profile', 'operation'].map((t) => [t, t]),
        )}
        {select(
          'account',
          'Dev Account',
          accountList.map((a) => [a.accountId, a.accountName]),
        )}
        {select('source', 'Source', [
          ['PROMOTION_ENGINE', 'Engine'],
          ['ADMIN_SEEDING', 'Admin Seeded'],
        ])}
        <label className="filter">
          Search{' '}
          <input
            type="search"
            placeholder="Search by component name..."
            value={draft.search}
            onChange={(e) => setDraft({ ...draft, search: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="small"
          onClick={() => {
            setApplied(draft);
            setPage(0);
          }}
        >
          Apply Filters
        </button>
        <button
          type="button"
          className="secondary small"
          onClick={() => {
            setDraft(NO_FILTERS);
            setApplied(NO_FILTERS);
            setPage(0);
          }}
        >
          Clear
        </button>
        <span className="spacer" />
        <button type="button" className="secondary small" disabled={!rows.length} onClick={exportCsv}>
          ⭳ Export to CSV
        </button>
      </div>
      {list.isPending ? (
        <Loading text="Loading mappings..." minHeight={300} />
      ) : list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <div className="empty-state" role="status">
          <p>No component mappings found</p>
          <p className="muted">Mappings are created automatically when promotions reach production.</p>
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table aria-label="Component mappings">
              <thead>
                <tr>
                  <SortHeader label="Component Name" column="componentName" sort={sort} onSort={setSort} />
                  <SortHeader label="Type" column="componentType" sort={sort} onSort={setSort} />
                  <SortHeader label="Dev Account" column="devAccountId" sort={sort} onSort={setSort} />
                  <th>Dev Component ID</th>
                  <th>Prod Component ID</th>
                  <SortHeader
                    label="Prod Version"
                    column="prodLatestVersion"
                    sort={sort}
                    onSort={setSort}
                    className="num"
                  />
                  <SortHeader label="Last Promoted" column="lastPromotedAt" sort={sort} onSort={setSort} />
                  <SortHeader label="Promoted By" column="lastPromotedBy" sort={sort} onSort={setSort} />
                  <SortHeader label="Mapping Source" column="mappingSource" sort={sort} onSort={setSort} />
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pageOf(rows, page, PAGE).map((m) => {
                  const [label, tone] = SOURCE[m.mappingSource];
                  return (
                    <tr key={m.id} aria-selected={editing?.id === m.id}>
                      <td>{m.componentName}</td>
                      <td>
                        <TypeBadge type={m.componentType} />
                      </td>
                      <td
                        title={`${m.devAccountId}${accountName(m.devAccountId) ? ` (${accountName(m.devAccountId)})` : ''}`}
                      >
                        {shortId(m.devAccountId, 8)}
                      </td>
                      <td title={m.devComponentId}>
                        <code>{shortId(m.devComponentId, 12)}</code>
                      </td>
                      <td title={m.prodComponentId}>
                        <code>{shortId(m.prodComponentId, 12)}</code>
                      </td>
                      <td className="num">
                        {m.prodLatestVersion}
                        {drift.get(m.prodComponentId) && <ComponentDriftNote drift={drift.get(m.prodComponentId)!} />}
                      </td>
                      <td>{formatDate(m.lastPromotedAt)}</td>
                      <td title={m.lastPromotedBy}>{truncate(m.lastPromotedBy, 15)}</td>
                      <td>
                        <Badge tone={tone}>{label}</Badge>
                      </td>
                      <td className="row-actions">
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Edit mapping of ${m.componentName}`}
                          onClick={() => {
                            setEditing(m);
                            setForm('edit');
                            setSaved(null);
                          }}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="link-button danger-link"
                          aria-label={`Delete mapping of ${m.componentName}`}
                          onClick={() => setDeleting(m)}
                        >
                          Delete
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination page={page} pageSize={PAGE} total={rows.length} noun="mappings" onPage={setPage} />
        </>
      )}
      <div className="button-bar">
        <button
          type="button"
          className="secondary"
          aria-expanded={form === 'edit'}
          onClick={() => {
            setEditing(null);
            setForm(form === 'edit' ? null : 'edit');
            setSaved(null);
          }}
        >
          Add/Edit Mapping
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={form === 'seed'}
          onClick={() => {
            setForm(form === 'seed' ? null : 'seed');
            setSaved(null);
          }}
        >
          Seed Connection Mapping
        </button>
      </div>
      {form === 'edit' && (
        <MappingForm
          key={editing?.id ?? 'new'}
          editing={editing}
          accounts={accountList}
          primaryAccountId={list.data?.mappings[0]?.prodAccountId ?? 'primary account'}
          onSaved={() => refresh('Mapping saved successfully')}
          onCancel={() => {
            setForm(null);
            setEditing(null);
          }}
        />
      )}
      {form === 'seed' && (
        <SeedConnectionForm
          accounts={accountList}
          onSaved={() => refresh('Connection mapping seeded successfully')}
          onCancel={() => setForm(null)}
        />
      )}
      {deleting && (
        <Modal
          title="Delete Mapping"
          onCancel={() => setDeleting(null)}
          actions={
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(
                  { operation: 'delete', devComponentId: deleting.devComponentId, devAccountId: deleting.devAccountId },
                  {
                    onSuccess: () => {
                      setDeleting(null);
                      refresh(`Mapping of ${deleting.componentName} deleted`);
                    },
                  },
                )
              }
            >
              Delete
            </button>
          }
        >
          <p>
            Delete the mapping of <strong>{deleting.componentName}</strong> ({deleting.devAccountId})? The next
            promotion of this component creates a new production component unless a mapping is added again.
          </p>
          {remove.error && <ErrorBanner error={remove.error} />}
        </Modal>
      )}
      <p>
        <Link to="/admin/approvals">← Back to Admin Approval Queue</Link>
      </p>
    </section>
  );
}
