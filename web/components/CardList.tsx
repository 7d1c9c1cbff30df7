import type { ReactNode } from 'react';
import './cards.css';

export interface CardListProps<T> {
  /** The list's accessible name, e.g. "Pending peer reviews". */
  label: string;
  items: readonly T[];
  itemKey(item: T): string;
  title(item: T): ReactNode;
  /** Status, environment and age badges under the title. */
  badges?(item: T): ReactNode;
  /** The facts that matter on a small screen, as label and value. */
  facts(item: T): Array<[string, ReactNode]>;
  /** Controls of their own (e.g. "View Diff"); they stay tappable above the card's own target. */
  actions?(item: T): ReactNode;
  /** Makes the title a button that selects or opens the item; the whole card is its target. */
  onSelect?(item: T): void;
  /** The selected item's key, announced as pressed; leave out when selecting navigates away. */
  selected?: string | null;
  /** An extra class for a card, e.g. the failed or skipped row colours. */
  tone?(item: T): string | undefined;
}

/**
 * A grid's rows as cards, for phones (20-dashboard.md §3.9, below 768 px). The page renders it
 * next to its table; the stylesheet shows the one that fits, so a rotated phone or a resized
 * window switches without losing the selection. Tap a card, or Tab to its title and press Enter.
 */
export function CardList<T>(p: CardListProps<T>) {
  return (
    <ul className="cards" aria-label={p.label}>
      {p.items.map((item) => {
        const key = p.itemKey(item);
        const selected = p.selected === undefined ? undefined : p.selected === key;
        return (
          <li key={key} className={['card', p.tone?.(item), selected ? 'card-selected' : ''].filter(Boolean).join(' ')}>
            <div className="card-title">
              {p.onSelect ? (
                <button type="button" className="card-target" aria-pressed={selected} onClick={() => p.onSelect!(item)}>
                  {p.title(item)}
                </button>
              ) : (
                p.title(item)
              )}
            </div>
            {p.badges && <div className="card-badges">{p.badges(item)}</div>}
            <dl className="card-facts">
              {p.facts(item).map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            {p.actions && <div className="card-actions">{p.actions(item)}</div>}
          </li>
        );
      })}
    </ul>
  );
}
