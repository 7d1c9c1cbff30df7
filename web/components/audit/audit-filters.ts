/** What the Audit page's filter form holds: dates as the browser's `date` inputs give them. */
export interface AuditFilterForm {
  fromDate: string;
  toDate: string;
  actor: string;
  action: string;
  promotionId: string;
}

export const EMPTY_FILTERS: AuditFilterForm = { fromDate: '', toDate: '', actor: '', action: '', promotionId: '' };

export interface AuditFilterRequest {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  promotionId?: string;
}

/** Local midnight of a `YYYY-MM-DD` day, `days` later, as an instant. */
const localDay = (day: string, days = 0) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).toISOString();
};

/** The form as the action's filters: whole local days, the end day included; blanks left out. */
export function toAuditFilter(f: AuditFilterForm): AuditFilterRequest {
  const out: AuditFilterRequest = {};
  if (f.fromDate) out.from = localDay(f.fromDate);
  if (f.toDate) out.to = localDay(f.toDate, 1);
  if (f.actor.trim()) out.actor = f.actor.trim();
  if (f.action.trim()) out.action = f.action.trim().toUpperCase();
  if (f.promotionId.trim()) out.promotionId = f.promotionId.trim();
  return out;
}

/** The export link for the same filters (GET /api/audit/export). */
export function exportUrl(filter: AuditFilterRequest, format: 'csv' | 'jsonl'): string {
  const q = new URLSearchParams({ format, ...filter });
  return `/api/audit/export?${q.toString()}`;
}
