import { useState, type UIEvent } from 'react';
import { diffWordsWithSpace } from 'diff';
import type { DiffLine, Row } from './diff-model.ts';
import { XmlLine } from './XmlLine.tsx';

const ROW = 20;
const VIEW = 500;
const OVERSCAN = 20;
/** Wrapped lines have no fixed height, so they are drawn in pages instead of a moving window. */
const WRAP_PAGE = 3000;

const lineNo = (l: DiffLine | null, side: 'old' | 'new') =>
  !l ? '' : side === 'old' ? ('oldNo' in l ? l.oldNo : '') : 'newNo' in l ? l.newNo : '';

/** Word-level marks inside a changed line, against its counterpart on the other side. */
function Words({ text, other, side }: { text: string; other: string; side: 'del' | 'add' }) {
  // Very long lines are shown whole: a word diff of them would cost more than it tells.
  if (text.length + other.length > 4000) return <XmlLine text={text} />;
  const parts = side === 'add' ? diffWordsWithSpace(other, text) : diffWordsWithSpace(text, other);
  return (
    <>
      {parts
        .filter((c) => (side === 'add' ? !c.removed : !c.added))
        .map((c, i) =>
          c.added || c.removed ? (
            <mark key={i} className={`xd-word-${side}`}>
              {c.value}
            </mark>
          ) : (
            <span key={i}>{c.value}</span>
          ),
        )}
    </>
  );
}

function Cell({ line, other, side }: { line: DiffLine | null; other: DiffLine | null; side: 'old' | 'new' }) {
  const kind = line?.kind ?? 'empty';
  const paired = line && other && line.kind !== 'same' && other.kind !== 'same';
  return (
    <>
      <span className={`xd-gutter xd-${kind}`} role="cell">
        {lineNo(line, side)}
      </span>
      <span className={`xd-code xd-${kind}`} role="cell">
        {line &&
          (paired ? (
            <Words text={line.text} other={other.text} side={line.kind === 'add' ? 'add' : 'del'} />
          ) : (
            <XmlLine text={line.text} />
          ))}
      </span>
    </>
  );
}

function RowView({ row, split, onExpand }: { row: Row; split: boolean; onExpand(id: number): void }) {
  if (row.kind === 'fold') {
    return (
      <div className="xd-row xd-fold-row" role="row">
        <button type="button" className="xd-fold" role="cell" onClick={() => onExpand(row.id)}>
          Show {row.hidden} hidden lines
        </button>
      </div>
    );
  }
  if (row.kind === 'pair' && split) {
    return (
      <div className="xd-row xd-split" role="row">
        <Cell line={row.left} other={row.right} side="old" />
        <Cell line={row.right} other={row.left} side="new" />
      </div>
    );
  }
  const line = row.kind === 'line' ? row.line : (row.right ?? row.left)!;
  const mark = line.kind === 'add' ? '+' : line.kind === 'del' ? '−' : ' ';
  return (
    <div className="xd-row xd-unified" role="row">
      <span className={`xd-gutter xd-${line.kind}`} role="cell">
        {lineNo(line, 'old')}
      </span>
      <span className={`xd-gutter xd-${line.kind}`} role="cell">
        {lineNo(line, 'new')}
      </span>
      <span className={`xd-code xd-${line.kind}`} role="cell">
        <span className="xd-mark" aria-hidden="true">
          {mark}
        </span>
        <XmlLine text={line.text} />
      </span>
    </div>
  );
}

/**
 * The diff body. Only the rows in view (plus a margin) are in the page, so a 1 MB component
 * costs the same to draw as a small one; both sides of the split view share one scroller.
 */
export function DiffRows({
  rows,
  split,
  create,
  wrap,
  onExpand,
}: {
  rows: Row[];
  split: boolean;
  create: boolean;
  wrap: boolean;
  onExpand(id: number): void;
}) {
  const [top, setTop] = useState(0);
  const [pages, setPages] = useState(1);
  const onScroll = (e: UIEvent<HTMLDivElement>) => setTop(e.currentTarget.scrollTop);
  const head = (
    <div className="xd-row xd-head" role="row">
      {create ? (
        <span role="columnheader" className="xd-title">
          branch (new)
        </span>
      ) : split ? (
        <>
          <span role="columnheader" className="xd-title">
            main
          </span>
          <span role="columnheader" className="xd-title">
            branch
          </span>
        </>
      ) : (
        <span role="columnheader" className="xd-title">
          main → branch
        </span>
      )}
    </div>
  );
  if (wrap) {
    const shown = rows.slice(0, pages * WRAP_PAGE);
    return (
      <div className="xd-body xd-wrap" role="table" aria-label="XML differences" aria-rowcount={rows.length}>
        {head}
        {shown.map((r, i) => (
          <RowView key={i} row={r} split={split} onExpand={onExpand} />
        ))}
        {shown.length < rows.length && (
          <button type="button" className="secondary small" onClick={() => setPages(pages + 1)}>
            Show the next {Math.min(WRAP_PAGE, rows.length - shown.length)} lines
          </button>
        )}
      </div>
    );
  }
  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + VIEW) / ROW) + OVERSCAN);
  return (
    <div
      className="xd-body"
      role="table"
      aria-label="XML differences"
      aria-rowcount={rows.length}
      onScroll={onScroll}
      tabIndex={0}
    >
      {head}
      <div style={{ height: rows.length * ROW, position: 'relative' }}>
        <div style={{ transform: `translateY(${first * ROW}px)` }}>
          {rows.slice(first, last).map((r, i) => (
            <RowView key={first + i} row={r} split={split} onExpand={onExpand} />
          ))}
        </div>
      </div>
    </div>
  );
}
