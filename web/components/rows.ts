import type { KeyboardEvent } from 'react';

/**
 * Props for a selectable grid row: clicking or Enter/Space selects it, and it is announced as
 * selected. Every queue and browser grid uses the same single-row selection.
 */
export function selectableRow(selected: boolean, onSelect: () => void) {
  return {
    className: 'selectable',
    tabIndex: 0,
    'aria-selected': selected,
    onClick: onSelect,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onSelect();
      }
    },
  };
}

export type SortDir = 'asc' | 'desc';

/** Natural ordering for versions and names: "1.10.0" after "1.9.2". */
export const naturalCompare = (a: string, b: string) =>
  a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

/** Rows sorted by one column's value: numbers numerically, everything else in natural order. */
export function sortRows<T, K extends string>(
  rows: readonly T[],
  value: (row: T, column: K) => string | number,
  sort: { column: K; dir: SortDir },
): T[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, sort.column);
    const y = value(b, sort.column);
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : naturalCompare(String(x), String(y)));
  });
}
