import type { SortDir } from './rows.ts';

/** A column header that sorts its grid; aria-sort tells screen readers the current order. */
export function SortHeader<K extends string>({
  label,
  column,
  sort,
  onSort,
  className,
}: {
  label: string;
  column: K;
  sort: { column: K; dir: SortDir };
  onSort(s: { column: K; dir: SortDir }): void;
  className?: string;
}) {
  const active = sort.column === column;
  const next: SortDir = active && sort.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th className={className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="link-button sort-button" onClick={() => onSort({ column, dir: next })}>
        {label} {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );
}
