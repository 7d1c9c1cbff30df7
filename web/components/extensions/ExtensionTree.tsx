import { useMemo, useState } from 'react';
import { EXTENSION_SECTIONS, SECTION_LABELS } from '../../../src/contracts/extension-limits.ts';
import { naturalCompare } from '../rows.ts';
import { plural } from '../format.ts';
import { componentKey, type Edits } from './edit-model.ts';
import { ComponentCard } from './ComponentCard.tsx';
import type { ExtensionComponent, OnFieldChange } from './PropertyRow.tsx';

export const NOT_OWNED = 'Not owned by a promoted process';
const SEVERAL = 'Used by several processes';
/** Above this many components the groups start folded: a page of 500 cards would stall a phone. */
export const OPEN_THRESHOLD = 40;

interface Group {
  name: string;
  components: ExtensionComponent[];
}

/**
 * Each component once: under its process, under "several" when more than one process owns it (a
 * field shown twice would be two inputs for one value), or under "not owned".
 */
export function groupByOwner(components: readonly ExtensionComponent[]): Group[] {
  const groups = new Map<string, ExtensionComponent[]>();
  for (const c of components) {
    const name =
      c.ownerProcesses.length === 0
        ? NOT_OWNED
        : c.ownerProcesses.length > 1
          ? SEVERAL
          : c.ownerProcesses[0]!.processName;
    groups.set(name, [...(groups.get(name) ?? []), c]);
  }
  const rank = (n: string) => (n === NOT_OWNED ? 2 : n === SEVERAL ? 1 : 0);
  return [...groups.entries()]
    .map(([name, list]) => ({ name, components: list }))
    .sort((a, b) => rank(a.name) - rank(b.name) || naturalCompare(a.name, b.name));
}

export function matches(c: ExtensionComponent, q: string): boolean {
  if (!q) return true;
  const has = (s: string | null | undefined) => !!s && s.toLowerCase().includes(q);
  return (
    has(c.componentName) ||
    has(SECTION_LABELS[c.section]) ||
    c.ownerProcesses.some((o) => has(o.processName)) ||
    c.fields.some((f) => has(f.label) || has(f.fieldId) || (!f.encrypted && has(f.value)))
  );
}

/** The components grouped by owning process, then by section, each group folding on its heading. */
export function ExtensionTree({
  components,
  query,
  edits,
  admin,
  onChange,
}: {
  components: readonly ExtensionComponent[];
  query: string;
  edits: Edits;
  admin: boolean;
  onChange: OnFieldChange;
}) {
  const q = query.trim().toLowerCase();
  const groups = useMemo(() => groupByOwner(components.filter((c) => matches(c, q))), [components, q]);
  const shown = groups.reduce((n, g) => n + g.components.length, 0);
  // What the user opened or closed; the rest follows the threshold.
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const openByDefault = shown <= OPEN_THRESHOLD;
  if (!groups.length)
    return (
      <div className="empty-state" role="status">
        {q ? `No components match “${query.trim()}”.` : 'This environment has no extensions.'}
      </div>
    );
  return (
    <div className="extension-tree">
      <p className="muted" role="status">
        {plural(shown, 'component')} in {plural(groups.length, 'group')}
        {openByDefault ? '' : ': open a group to see its components'}
      </p>
      {groups.map((g) => {
        const open = toggled.get(g.name) ?? openByDefault;
        const changed = g.components.reduce(
          (n, c) => n + (edits.get(componentKey(c.section, c.componentId))?.size ?? 0),
          0,
        );
        return (
          <section key={g.name} className="owner-group" aria-label={g.name}>
            <h3>
              <button
                type="button"
                className="disclosure"
                aria-expanded={open}
                onClick={() => setToggled(new Map(toggled).set(g.name, !open))}
              >
                {g.name} <span className="muted">({plural(g.components.length, 'component')})</span>
                {changed > 0 && <span className="muted"> · {plural(changed, 'unsaved change')}</span>}
              </button>
            </h3>
            {open &&
              EXTENSION_SECTIONS.map((section) => {
                const list = g.components.filter((c) => c.section === section);
                if (!list.length) return null;
                return (
                  <div key={section} className="section-group">
                    <h4>{SECTION_LABELS[section]}</h4>
                    {list.map((c) => {
                      const key = componentKey(c.section, c.componentId);
                      return (
                        <ComponentCard
                          key={key}
                          component={c}
                          edits={edits.get(key)}
                          admin={admin}
                          onChange={onChange}
                        />
                      );
                    })}
                  </div>
                );
              })}
          </section>
        );
      })}
    </div>
  );
}
