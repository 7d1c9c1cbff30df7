/** Previous / Next with "Showing a-b of n {noun}" (20-dashboard.md §3.7). */
export function Pagination({
  page,
  pageSize,
  total,
  noun,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  noun: string;
  onPage(p: number): void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(total, (page + 1) * pageSize);
  return (
    <nav className="pagination" aria-label={`${noun} pages`}>
      <span>
        Showing {from}-{to} of {total} {noun}
      </span>
      {pages > 1 && (
        <span className="pagination-buttons">
          <button type="button" className="secondary" disabled={page === 0} onClick={() => onPage(page - 1)}>
            Previous
          </button>
          <label>
            Page{' '}
            <select value={page} onChange={(e) => onPage(Number(e.target.value))} aria-label="Page number">
              {Array.from({ length: pages }, (_, i) => (
                <option key={i} value={i}>
                  {i + 1}
                </option>
              ))}
            </select>{' '}
            of {pages}
          </label>
          <button type="button" className="secondary" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
            Next
          </button>
        </span>
      )}
    </nav>
  );
}

/** The rows of one page. */
export const pageOf = <T,>(rows: T[], page: number, pageSize: number) =>
  rows.slice(page * pageSize, (page + 1) * pageSize);
