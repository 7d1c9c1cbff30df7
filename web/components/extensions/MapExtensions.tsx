import { useState } from 'react';
import { CardList } from '../CardList.tsx';
import type { Extensions } from './PropertyRow.tsx';
import { ScriptEditor } from './ScriptEditor.tsx';

type MapExtension = Extensions['mapExtensions'][number];

/** The environment's map extensions, and the scripts of the one opened (validate; admins save). */
export function MapExtensions({ data, admin }: { data: Extensions; admin: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  const list = data.mapExtensions;
  const opened = list.find((m) => m.mapExtensionId === open);
  if (!list.length)
    return (
      <div className="empty-state" role="status">
        This environment has no map extensions.
      </div>
    );
  const openButton = (m: MapExtension) => (
    <button
      type="button"
      className="secondary small"
      aria-expanded={open === m.mapExtensionId}
      aria-label={`Scripts of ${m.name}`}
      onClick={() => setOpen(open === m.mapExtensionId ? null : m.mapExtensionId)}
    >
      {open === m.mapExtensionId ? 'Close scripts' : 'Open scripts'}
    </button>
  );
  return (
    <section aria-labelledby="maps-title">
      <h3 id="maps-title">Map extensions</h3>
      <div className="table-wrap has-cards">
        <table aria-label="Map extensions">
          <thead>
            <tr>
              <th scope="col">Map</th>
              <th scope="col">Map ID</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.mapExtensionId} aria-selected={open === m.mapExtensionId}>
                <td>{m.name}</td>
                <td>
                  <code>{m.mapId}</code>
                </td>
                <td>{openButton(m)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CardList
        label="Map extensions"
        items={list}
        itemKey={(m) => m.mapExtensionId}
        title={(m) => m.name}
        facts={(m) => [['Map ID', m.mapId]]}
        actions={openButton}
      />
      {opened && (
        <ScriptEditor
          key={opened.mapExtensionId}
          clientAccountId={data.clientAccountId}
          environmentId={data.environmentId}
          mapExtensionId={opened.mapExtensionId}
          admin={admin}
        />
      )}
    </section>
  );
}
