import { useEffect, useMemo, useState } from 'react';
import { CopyButton } from '../CopyButton.tsx';
import { PHONE, useMediaQuery } from '../use-media-query.ts';
import { buildRows, lineDiff } from './diff-model.ts';
import { DiffRows } from './DiffRows.tsx';
import './diff.css';

export interface XmlDiffViewerProps {
  componentName: string;
  componentAction: 'CREATE' | 'UPDATE';
  branchXml: string;
  mainXml: string;
  branchVersion?: number;
  mainVersion?: number;
}

const DESKTOP = '(min-width: 1025px)';

/** Split view by default on a desktop screen, unified below; follows the breakpoint live. */
function useDefaultSplit(): [boolean, (v: boolean) => void] {
  const query = () => typeof window !== 'undefined' && window.matchMedia(DESKTOP).matches;
  const [split, setSplit] = useState(query);
  useEffect(() => {
    const m = window.matchMedia(DESKTOP);
    const on = () => setSplit(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return [split, setSplit];
}

/**
 * The XML diff of 20-dashboard.md §5: main (old) against branch (new), split or unified, unchanged
 * regions folded with three lines of context, line numbers, statistics, copy, and the CREATE view.
 */
export function XmlDiffViewer(p: XmlDiffViewerProps) {
  const create = p.componentAction === 'CREATE';
  const [splitPref, setSplit] = useDefaultSplit();
  const [expandAll, setExpandAll] = useState(false);
  const [wrap, setWrap] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  // A phone has room for one column only: unified, without the Split/Unified toggle (§5 responsive).
  const mobile = useMediaQuery(PHONE);
  const split = splitPref && !create && !mobile;
  const diff = useMemo(() => lineDiff(create ? '' : p.mainXml, p.branchXml), [create, p.mainXml, p.branchXml]);
  const rows = useMemo(
    () => buildRows(diff.lines, { split, expandAll: create || expandAll, expanded }),
    [diff, split, create, expandAll, expanded],
  );
  const { additions, deletions, unchanged } = diff.stats;
  const showVersions = !create && ((p.mainVersion ?? 0) > 0 || (p.branchVersion ?? 0) > 0);
  return (
    <div className="xml-diff" data-testid="xml-diff">
      <div className="xd-header">
        <span className="xd-name">{p.componentName}</span>
        <span className={`xd-action xd-${create ? 'create' : 'update'}`}>{p.componentAction}</span>
        {showVersions && (
          <span className="xd-versions">
            main v{p.mainVersion ?? 0} → branch v{p.branchVersion ?? 0}
          </span>
        )}
        <span className="spacer" />
        <span
          className="xd-stats"
          aria-label={`${additions} additions, ${deletions} deletions, ${unchanged} unchanged lines`}
        >
          <span className="xd-plus">+{additions}</span> <span className="xd-minus">−{deletions}</span>{' '}
          <span className="muted">{unchanged} unchanged</span>
        </span>
      </div>
      <div className="xd-toolbar" role="toolbar" aria-label="Diff view controls">
        {!create && !mobile && (
          <span role="radiogroup" aria-label="Diff layout" className="xd-segmented">
            <button type="button" role="radio" aria-checked={split} onClick={() => setSplit(true)}>
              Split
            </button>
            <button type="button" role="radio" aria-checked={!split} onClick={() => setSplit(false)}>
              Unified
            </button>
          </span>
        )}
        {!create && (
          <button
            type="button"
            className="secondary small"
            aria-pressed={expandAll}
            aria-label={expandAll ? 'Collapse unchanged lines' : 'Expand all lines'}
            onClick={() => {
              setExpandAll(!expandAll);
              setExpanded(new Set());
            }}
          >
            {expandAll ? 'Collapse' : 'Expand All'}
          </button>
        )}
        <button
          type="button"
          className="secondary small"
          aria-pressed={wrap}
          aria-label={wrap ? 'Disable line wrapping' : 'Enable line wrapping'}
          onClick={() => setWrap(!wrap)}
        >
          Wrap Lines
        </button>
        <span className="spacer" />
        <CopyButton value={p.branchXml} label="Copy Branch" ariaLabel="Copy branch XML to clipboard" />
        {p.mainXml && !create && (
          <CopyButton value={p.mainXml} label="Copy Main" ariaLabel="Copy main XML to clipboard" />
        )}
      </div>
      <DiffRows
        rows={rows}
        split={split}
        create={create}
        wrap={wrap}
        onExpand={(id) => setExpanded(new Set([...expanded, id]))}
      />
    </div>
  );
}
