import { useId, useMemo, useState, type FormEvent } from 'react';
import { Cron } from 'croner';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { FREEZE_DURATION_MINUTES } from '../../../src/contracts/freeze-limits.ts';
import { useActionMutation } from '../../api/hooks.ts';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { inZone, isoToLocalInput, localInputToIso, type FreezeWindowView } from './freeze-time.ts';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const zones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
};

/** The next three starts of a cron expression in its zone, or why there are none (the service checks again). */
function preview(cron: string, timeZone: string): { starts: string[] } | { problem: string } {
  if (!cron.trim()) return { problem: 'Enter a cron expression, for example 0 18 * * 5 (Fridays at 18:00).' };
  try {
    const starts = new Cron(cron.trim(), { timezone: timeZone, paused: true }).nextRuns(3);
    if (!starts.length) return { problem: 'This expression never matches a date.' };
    return { starts: starts.map((d) => inZone(d.toISOString(), timeZone)) };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

/** Add or edit a freeze window: once (a start and an end) or recurring (cron, time zone, duration). */
export function FreezeWindowForm({
  editing,
  onSaved,
  onCancel,
}: {
  editing: FreezeWindowView | null;
  onSaved(name: string): void;
  onCancel(): void;
}) {
  const save = useActionMutation('setFreezeWindow');
  const id = useId();
  const [kind, setKind] = useState<'ONE_OFF' | 'RECURRING'>(editing?.kind ?? 'ONE_OFF');
  const [name, setName] = useState(editing?.name ?? '');
  const [reason, setReason] = useState(editing?.reason ?? '');
  const [startsAt, setStartsAt] = useState(isoToLocalInput(editing?.startsAt));
  const [endsAt, setEndsAt] = useState(isoToLocalInput(editing?.endsAt));
  const [cron, setCron] = useState(editing?.cron ?? '');
  const [timeZone, setTimeZone] = useState(editing?.timeZone ?? browserZone());
  const [duration, setDuration] = useState(String(editing?.durationMinutes ?? 60));
  const [active, setActive] = useState(editing?.active ?? true);
  const next = useMemo(() => (kind === 'RECURRING' ? preview(cron, timeZone) : null), [kind, cron, timeZone]);
  const zoneList = useMemo(zones, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const common = {
      ...(editing ? { windowId: editing.windowId, version: editing.version } : {}),
      name: name.trim(),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      active,
      timeZone: timeZone.trim(),
    };
    save.mutate(
      kind === 'ONE_OFF'
        ? { ...common, kind, startsAt: localInputToIso(startsAt), endsAt: localInputToIso(endsAt) }
        : { ...common, kind, cron: cron.trim(), durationMinutes: Number(duration) },
      { onSuccess: (r) => onSaved(r.window.name) },
    );
  };
  const title = editing ? `Edit ${editing.name}` : 'Add freeze window';
  return (
    <form className="panel mapping-form" aria-label={title} onSubmit={submit}>
      <h3>{title}</h3>
      <fieldset>
        <legend>Kind</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-kind`} checked={kind === 'ONE_OFF'} onChange={() => setKind('ONE_OFF')} />{' '}
          One-off
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name={`${id}-kind`}
            checked={kind === 'RECURRING'}
            onChange={() => setKind('RECURRING')}
          />{' '}
          Recurring
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          type="text"
          required
          maxLength={LIMITS.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <CountedTextArea label="Reason" value={reason} onChange={setReason} max={LIMITS.comments} rows={2} />
      {kind === 'ONE_OFF' ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-start`}>Starts (your local time)</label>
            <input
              id={`${id}-start`}
              type="datetime-local"
              required
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>Ends (your local time)</label>
            <input
              id={`${id}-end`}
              type="datetime-local"
              required
              value={endsAt}
              onChange={(e) => setEndsAt(e.target.value)}
            />
          </div>
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-cron`}>Starts on (cron expression)</label>
            <input
              id={`${id}-cron`}
              type="text"
              required
              maxLength={100}
              value={cron}
              aria-describedby={`${id}-preview`}
              placeholder="0 18 * * 5"
              onChange={(e) => setCron(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-duration`}>Lasts (minutes)</label>
            <input
              id={`${id}-duration`}
              type="number"
              required
              min={FREEZE_DURATION_MINUTES.min}
              max={FREEZE_DURATION_MINUTES.max}
              step={1}
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
            />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor={`${id}-zone`}>Time zone</label>
        <input
          id={`${id}-zone`}
          type="text"
          required
          list={`${id}-zones`}
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
        />
        <datalist id={`${id}-zones`}>
          {zoneList.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      {next && (
        <div id={`${id}-preview`} aria-live="polite">
          {'problem' in next ? (
            <p className="field-error">{next.problem}</p>
          ) : (
            <>
              <p>Next starts:</p>
              <ul aria-label="Next starts">
                {next.starts.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (freezes
        production deployments)
      </label>
      {save.error && <ErrorBanner error={save.error} />}
      <div className="button-bar">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <span className="spacer" />
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving...' : 'Save freeze window'}
        </button>
      </div>
    </form>
  );
}
