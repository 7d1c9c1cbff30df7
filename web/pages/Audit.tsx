import { useState, type FormEvent } from 'react';
import { useActionQuery } from '../api/hooks.ts';
import type { ActionResponse } from '../api/client.ts';
import { QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { dash, formatDate } from '../components/format.ts';
import { ChainVerification } from '../components/audit/ChainVerification.tsx';
import {
  EMPTY_FILTERS,
  exportUrl,
  toAuditFilter,
  type AuditFilterForm,
  type AuditFilterRequest,
} from '../components/audit/audit-filters.ts';
import '../components/audit/audit.css';

type AuditEvent = ActionResponse<'listAuditEvents'>['events'][number];

const PAGE = 50;

/** Admin: the audit trail, filtered and paged, its chain verified on demand, and its export. */
export function Audit() {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_FILTERS);
  const [filter, setFilter] = useState<AuditFilterRequest>({});
  // The cursors of the pages before this one, so Newer goes back without counting rows.
  const [cursors, setCursors] = useState<Array<number | undefined>>([]);
  const [beforeSeq, setBeforeSeq] = useState<number | undefined>(undefined);
  const [open, setOpen] = useState<number | null>(null);
  const list = useActionQuery(
    'listAuditEvents',
    { ...filter, limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) },
    { staleTime: 0 },
  );
  const field = (name: keyof AuditFilterForm) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(toAuditFilter(form));
    setCursors([]);
    setBeforeSeq(undefined);
  };
  const events = list.data?.events ?? [];
  return (
    <section aria-labelledby="audit-title">
      <div className="title-row">
        <h2 id="audit-title">Audit Trail</h2>
        <button type="button" className="secondary" disabled={list.isFetching} onClick={() => void list.refetch()}>
          ↻ Refresh
        </button>
      </div>
      <p className="muted">
        Every state change and administrative change, newest first. The trail is append-only and hash-chained.
      </p>
      <ChainVerification />
      <form className="filter-bar" aria-label="Filter audit events" onSubmit={apply}>
        <label className="filter">
          From <input type="date" {...field('fromDate')} />
        </label>
        <label className="filter">
          To <input type="date" {...field('toDate')} />
        </label>
        <label className="filter">
          Actor <input type="text" placeholder="email or system" maxLength={254} {...field('actor')} />
        </label>
        <label className="filter">
          Action <input type="text" placeholder="e.g. PEER_APPROVED" maxLength={100} {...field('action')} />
        </label>
        <label className="filter">
          Promotion ID <input type="text" maxLength={36} {...field('promotionId')} />
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <div className="button-bar audit-exports">
        <span className="muted">Export what the filters select, with the hashes:</span>
        <a className="button secondary" href={exportUrl(filter, 'csv')} download>
          Export CSV
        </a>
        <a className="button secondary" href={exportUrl(filter, 'jsonl')} download>
          Export JSON lines
        </a>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : events.length === 0 ? (
        <div className="empty-state" role="status">
          No audit events match
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table aria-label="Audit events">
              <thead>
                <tr>
                  <th className="num">Position</th>
                  <th>When</th>
                  <th>Actor</th>
                  <th>Action</th>
                  <th>Promotion</th>
                  <th>Status change</th>
                  <th>Hash</th>
                  <th>
                    <span className="sr-only">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <EventRow
                    key={e.id}
                    e={e}
                    open={open === e.id}
                    onToggle={() => setOpen(open === e.id ? null : e.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button
              type="button"
              className="secondary"
              disabled={cursors.length === 0}
              onClick={() => {
                setBeforeSeq(cursors.at(-1));
                setCursors(cursors.slice(0, -1));
              }}
            >
              Newer
            </button>
            <button
              type="button"
              className="secondary"
              disabled={!list.data?.nextBeforeSeq}
              onClick={() => {
                setCursors([...cursors, beforeSeq]);
                setBeforeSeq(list.data?.nextBeforeSeq ?? undefined);
              }}
            >
              Older
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function EventRow({ e, open, onToggle }: { e: AuditEvent; open: boolean; onToggle(): void }) {
  const change = e.fromStatus || e.toStatus ? `${dash(e.fromStatus)} → ${dash(e.toStatus)}` : '—';
  return (
    <>
      <tr>
        <td className="num">{dash(e.chainSeq)}</td>
        <td title={e.occurredAt}>{formatDate(e.occurredAt)}</td>
        <td className="audit-wrap">{e.actor}</td>
        <td className="audit-wrap">{e.action}</td>
        <td className="audit-wrap">{dash(e.promotionId)}</td>
        <td>{change}</td>
        <td>
          <code className="audit-hash" title={e.hash ?? ''}>
            {e.hash ? e.hash.slice(0, 12) : '—'}
          </code>
        </td>
        <td>
          <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>
            {open ? 'Hide' : 'Show'} details
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8}>
            <dl className="audit-details">
              <dt>Event</dt>
              <dd>#{e.id}</dd>
              <dt>Hash</dt>
              <dd>
                <code>{e.hash}</code>
              </dd>
              <dt>Previous hash</dt>
              <dd>
                <code>{e.prevHash}</code>
              </dd>
            </dl>
            <pre className="user-text">{JSON.stringify(e.details, null, 2)}</pre>
          </td>
        </tr>
      )}
    </>
  );
}
