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
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(); }
    },
  };
}

export type SortDir = 'asc' | 'desc';

/** Natural ordering for versions and names: "1.10.0" after "1.9.2". */
export const naturalCompare = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
