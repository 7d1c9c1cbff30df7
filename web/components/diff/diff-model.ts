import { diffArrays } from 'diff';

/** One line of a side-by-side or unified diff; line numbers are 1-based in their own source. */
export type DiffLine =
  | { kind: 'same'; oldNo: number; newNo: number; text: string }
  | { kind: 'del'; oldNo: number; text: string }
  | { kind: 'add'; newNo: number; text: string };

export interface DiffStats {
  additions: number;
  deletions: number;
  unchanged: number;
}

export interface LineDiff {
  lines: DiffLine[];
  stats: DiffStats;
}

const split = (text: string) => (text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));

/**
 * The line diff of main (old) against branch (new), with the counts the header shows. Lines are
 * compared as whole strings (Myers via jsdiff's array diff), which stays fast on a 1 MB component
 * with few changes; a wholesale rewrite beyond the edit limit is shown as remove-all/add-all.
 */
export function lineDiff(oldText: string, newText: string): LineDiff {
  const a = split(oldText);
  const b = split(newText);
  const lines: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  const changes = a.length === 0 || b.length === 0 ? null : diffArrays(a, b, { maxEditLength: 20_000 });
  if (!changes) {
    for (const text of a) lines.push({ kind: 'del', oldNo: ++oldNo, text });
    for (const text of b) lines.push({ kind: 'add', newNo: ++newNo, text });
  } else {
    for (const c of changes) {
      for (const text of c.value) {
        if (c.added) lines.push({ kind: 'add', newNo: ++newNo, text });
        else if (c.removed) lines.push({ kind: 'del', oldNo: ++oldNo, text });
        else lines.push({ kind: 'same', oldNo: ++oldNo, newNo: ++newNo, text });
      }
    }
  }
  const stats = { additions: 0, deletions: 0, unchanged: 0 };
  for (const l of lines) stats[l.kind === 'add' ? 'additions' : l.kind === 'del' ? 'deletions' : 'unchanged']++;
  return { lines, stats };
}

/** A row as drawn: a pair of sides (split view), one line (unified), or a fold of hidden lines. */
export type Row =
  | { kind: 'fold'; id: number; hidden: number }
  | { kind: 'pair'; left: DiffLine | null; right: DiffLine | null }
  | { kind: 'line'; line: DiffLine };

/** Runs of unchanged lines longer than 2×context get folded, keeping `context` lines on each side. */
export function foldRanges(lines: DiffLine[], context: number): Array<{ id: number; start: number; end: number }> {
  const folds: Array<{ id: number; start: number; end: number }> = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.kind !== 'same') {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j]!.kind === 'same') j++;
    const start = i === 0 ? 0 : i + context;
    const end = j === lines.length ? j : j - context;
    if (end - start > 1) folds.push({ id: start, start, end });
    i = j;
  }
  return folds;
}

/**
 * The rows to draw: unchanged runs folded unless expanded, and in split view each removed line
 * paired with the added line at the same position of its change block.
 */
export function buildRows(
  lines: DiffLine[],
  opts: { split: boolean; expandAll: boolean; expanded: ReadonlySet<number>; context?: number },
): Row[] {
  const folds = opts.expandAll ? [] : foldRanges(lines, opts.context ?? 3).filter((f) => !opts.expanded.has(f.id));
  const rows: Row[] = [];
  let f = 0;
  let i = 0;
  while (i < lines.length) {
    const fold = folds[f];
    if (fold && i === fold.start) {
      rows.push({ kind: 'fold', id: fold.id, hidden: fold.end - fold.start });
      i = fold.end;
      f++;
      continue;
    }
    const line = lines[i]!;
    if (!opts.split) {
      rows.push({ kind: 'line', line });
      i++;
      continue;
    }
    if (line.kind === 'same') {
      rows.push({ kind: 'pair', left: line, right: line });
      i++;
      continue;
    }
    // A change block: removals then additions; pair them row by row.
    const dels: DiffLine[] = [];
    const adds: DiffLine[] = [];
    while (i < lines.length && lines[i]!.kind !== 'same' && !(folds[f] && i === folds[f]!.start)) {
      (lines[i]!.kind === 'del' ? dels : adds).push(lines[i]!);
      i++;
    }
    for (let k = 0; k < Math.max(dels.length, adds.length); k++)
      rows.push({ kind: 'pair', left: dels[k] ?? null, right: adds[k] ?? null });
  }
  return rows;
}
