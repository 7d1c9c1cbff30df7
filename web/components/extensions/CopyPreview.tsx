import { useState } from 'react';
import {
  COPY_EXCLUDED_SECTIONS,
  SECTION_LABELS,
  type ExtensionSection,
} from '../../../src/contracts/extension-limits.ts';
import type { ActionResponse } from '../../api/client.ts';
import { Badge, type Tone } from '../Badge.tsx';
import { plural } from '../format.ts';

export type CopyAnswer = ActionResponse<'copyExtensionsTestToProd'>;
type Item = CopyAnswer['items'][number];

const ACTION: Record<Item['action'], [string, Tone]> = {
  COPY: ['Will copy', 'green'],
  UNCHANGED: ['Unchanged', 'gray'],
  EXCLUDED: ['Excluded', 'amber'],
  ENCRYPTED_SKIPPED: ['Encrypted – not copied', 'red'],
};
/** What changes comes first: the rows the admin is confirming. */
const ORDER: Item['action'][] = ['COPY', 'ENCRYPTED_SKIPPED', 'EXCLUDED', 'UNCHANGED'];

const countBySection = (items: readonly Item[]) => {
  const counts = new Map<ExtensionSection, number>();
  for (const i of items) counts.set(i.section, (counts.get(i.section) ?? 0) + 1);
  return [...counts.entries()];
};

/** Green: what will be copied; amber: what never is; red: the encrypted values that cannot be. */
export function CopySummary({ preview }: { preview: CopyAnswer }) {
  const copied = preview.items.filter((i) => i.action === 'COPY');
  const excluded = preview.items.filter((i) => i.action === 'EXCLUDED');
  const sections = new Set<string>([...COPY_EXCLUDED_SECTIONS, ...preview.sectionsExcluded]);
  return (
    <>
      <div className="panel panel-tested copy-will">
        <h3>What will be copied</h3>
        {copied.length ? (
          <ul>
            {countBySection(copied).map(([section, n]) => (
              <li key={section}>
                {SECTION_LABELS[section]}: {plural(n, 'field')}
              </li>
            ))}
          </ul>
        ) : (
          <p>Nothing: Production already holds Test’s values.</p>
        )}
      </div>
      <div className="panel panel-warning copy-wont">
        <h3>What will NOT be copied</h3>
        <ul>
          {[...sections].map((s) => (
            <li key={s}>
              {SECTION_LABELS[s as ExtensionSection] ?? s}
              {excluded.some((i) => i.section === s)
                ? ` (${plural(excluded.filter((i) => i.section === s).length, 'field')})`
                : ''}
              : each environment keeps its own endpoints and keys.
            </li>
          ))}
        </ul>
      </div>
      {preview.encryptedFieldsSkipped > 0 && (
        <div className="banner banner-error" role="alert">
          <strong>
            {plural(preview.encryptedFieldsSkipped, 'encrypted field')} cannot be copied: Promo cannot read encrypted
            values. Set {preview.encryptedFieldsSkipped === 1 ? 'it' : 'them'} in Production yourself.
          </strong>
        </div>
      )}
    </>
  );
}

const valueCell = (v: string | null) => (v === null ? <span className="muted">-</span> : v);

/** Every field the copy looks at, folded by default; what will change first. */
export function CopyPreviewTable({ items }: { items: readonly Item[] }) {
  const [open, setOpen] = useState(false);
  const sorted = [...items].sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action));
  return (
    <section className="copy-preview" aria-labelledby="copy-preview-title">
      <h3 id="copy-preview-title">
        <button type="button" className="disclosure" aria-expanded={open} onClick={() => setOpen(!open)}>
          Preview: {plural(items.length, 'field')} ({items.filter((i) => i.action === 'COPY').length} will change)
        </button>
      </h3>
      {open && (
        <div className="table-wrap">
          <table aria-label="Copy preview">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col">Field</th>
                <th scope="col">Test value</th>
                <th scope="col">Production value</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((i) => {
                const [label, tone] = ACTION[i.action];
                return (
                  <tr
                    key={`${i.section}/${i.componentId}/${i.fieldId}`}
                    className={i.action === 'COPY' ? 'row-copy' : ''}
                  >
                    <td>
                      {i.componentName}
                      <div className="muted">{SECTION_LABELS[i.section]}</div>
                    </td>
                    <td>{i.fieldId}</td>
                    <td className="value-text">{valueCell(i.testValue)}</td>
                    <td className="value-text">{valueCell(i.prodValue)}</td>
                    <td>
                      <Badge tone={tone}>{label}</Badge>
                      {i.reason && <div className="muted">{i.reason}</div>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
