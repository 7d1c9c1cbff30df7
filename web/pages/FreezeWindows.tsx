import { useState } from 'react';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import { Badge } from '../components/Badge.tsx';
import { QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { ConfirmDelete, EditDeleteLinks } from '../components/SettingRow.tsx';
import { formatDate } from '../components/format.ts';
import { FreezeBanner } from '../components/freezes/FreezeBanner.tsx';
import { FreezeWindowForm } from '../components/freezes/FreezeWindowForm.tsx';
import '../components/freezes/freezes.css';
import { inZone, type FreezeWindowView } from '../components/freezes/freeze-time.ts';

const schedule = (w: FreezeWindowView) =>
  w.kind === 'ONE_OFF'
    ? `Once: ${inZone(w.startsAt!, w.timeZone)} to ${inZone(w.endsAt!, w.timeZone)}`
    : `Recurring: cron ${w.cron} in ${w.timeZone}, for ${w.durationMinutes} minutes`;

const status = (w: FreezeWindowView) =>
  !w.active ? (
    <Badge tone="gray">Inactive</Badge>
  ) : w.activeUntil ? (
    <Badge tone="red">Active now</Badge>
  ) : w.upcoming.length ? (
    <Badge tone="blue">Upcoming</Badge>
  ) : (
    <Badge tone="gray">Over</Badge>
  );

/** Admin: freeze windows, when they next freeze production, and their add/edit/delete. */
export function FreezeWindows() {
  const list = useActionQuery('listFreezeWindows', { includeInactive: true }, { staleTime: 0 });
  const remove = useActionMutation('deleteFreezeWindow');
  const [form, setForm] = useState<{ editing: FreezeWindowView | null } | null>(null);
  const [confirm, setConfirm] = useState<FreezeWindowView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const windows = list.data?.windows ?? [];
  return (
    <section aria-labelledby="freeze-title">
      <div className="title-row">
        <h2 id="freeze-title">Freeze Windows</h2>
      </div>
      <p className="muted">
        While a window is in force, production deployments are refused; scheduled ones wait for its end. A break-glass
        hotfix still passes.
      </p>
      <FreezeBanner />
      {done && (
        <div className="banner banner-success" role="status">
          {done}
        </div>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : windows.length === 0 ? (
        <div className="empty-state" role="status">
          <p>No freeze windows</p>
          <p className="muted">Production deployments are never frozen.</p>
        </div>
      ) : (
        <ul className="freeze-list" aria-label="Freeze windows">
          {windows.map((w) => (
            <li key={w.windowId} className="panel">
              <div className="title-row">
                <h3>{w.name}</h3>
                {status(w)}
              </div>
              {w.reason && <p>{w.reason}</p>}
              <p>{schedule(w)}</p>
              {w.activeUntil && <p>Freezing production until {inZone(w.activeUntil, w.timeZone)}.</p>}
              {w.upcoming.length > 0 && (
                <>
                  <p className="muted">Next occurrences:</p>
                  <ul aria-label={`Next occurrences of ${w.name}`}>
                    {w.upcoming.map((o) => (
                      <li key={o.startsAt}>
                        {inZone(o.startsAt, w.timeZone)} to {inZone(o.endsAt, w.timeZone)}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <p className="muted">
                Changed {formatDate(w.updatedAt)} by {w.updatedBy}
              </p>
              <span className="row-actions">
                <EditDeleteLinks
                  name={w.name}
                  onEdit={() => {
                    setDone(null);
                    setForm({ editing: w });
                  }}
                  onDelete={() => setConfirm(w)}
                />
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="button-bar">
        <button type="button" className="secondary" onClick={() => setForm({ editing: null })}>
          Add freeze window
        </button>
      </div>
      {form && (
        <FreezeWindowForm
          key={form.editing?.windowId ?? 'new'}
          editing={form.editing}
          onCancel={() => setForm(null)}
          onSaved={(name) => {
            setForm(null);
            setDone(`Freeze window ${name} saved.`);
          }}
        />
      )}
      {confirm && (
        <ConfirmDelete
          title="Delete Freeze Window"
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            remove.mutate(
              { windowId: confirm.windowId, version: confirm.version },
              {
                onSuccess: () => {
                  setConfirm(null);
                  setDone(`Freeze window ${confirm.name} deleted.`);
                },
              },
            )
          }
        >
          <p>Delete the freeze window {confirm.name}? Production deployments are no longer refused during it.</p>
        </ConfirmDelete>
      )}
    </section>
  );
}
