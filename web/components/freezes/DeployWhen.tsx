import { useId, useState } from 'react';
import { MAX_SCHEDULE_DAYS } from '../../../src/contracts/freeze-limits.ts';
import { useFreezeWindows } from './FreezeBanner.tsx';
import { formatDate } from '../format.ts';
import { freezeAt, inZone, isoToLocalInput, localInputToIso } from './freeze-time.ts';
import './freezes.css';

export interface DeployWhenState {
  mode: 'now' | 'later';
  setMode(m: 'now' | 'later'): void;
  local: string;
  setLocal(v: string): void;
  /** The chosen instant (ISO) when scheduling; undefined to deploy now. */
  deployAt: string | undefined;
  /** Scheduling needs a future time within the limit. */
  ready: boolean;
}

export function useDeployWhen(): DeployWhenState {
  const [mode, setMode] = useState<'now' | 'later'>('now');
  const [local, setLocal] = useState('');
  const iso = mode === 'later' ? localInputToIso(local) : '';
  const t = iso ? new Date(iso).getTime() : NaN;
  const ready = mode === 'now' || (t > Date.now() && t - Date.now() <= MAX_SCHEDULE_DAYS * 86_400_000);
  return { mode, setMode, local, setLocal, deployAt: mode === 'later' && iso ? iso : undefined, ready };
}

/** P7's approval: deploy now, or schedule for a time; says when either meets a freeze window. */
export function DeployWhen({ when }: { when: DeployWhenState }) {
  const id = useId();
  const freezes = useFreezeWindows();
  const active = freezes.data?.activeFreeze;
  const frozenThen = when.deployAt ? freezeAt(freezes.data?.windows ?? [], when.deployAt) : undefined;
  const now = new Date();
  return (
    <fieldset className="deploy-when">
      <legend>When to deploy</legend>
      <label className="checkbox">
        <input type="radio" name={`${id}-when`} checked={when.mode === 'now'} onChange={() => when.setMode('now')} />{' '}
        Deploy now
      </label>
      <label className="checkbox">
        <input
          type="radio"
          name={`${id}-when`}
          checked={when.mode === 'later'}
          onChange={() => when.setMode('later')}
        />{' '}
        Schedule for
      </label>
      {when.mode === 'later' && (
        <div className="field">
          <label htmlFor={`${id}-at`}>Deploy at (your local time)</label>
          <input
            id={`${id}-at`}
            type="datetime-local"
            required
            min={isoToLocalInput(now.toISOString())}
            max={isoToLocalInput(new Date(now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000).toISOString())}
            value={when.local}
            aria-describedby={`${id}-note`}
            onChange={(e) => when.setLocal(e.target.value)}
          />
        </div>
      )}
      <div id={`${id}-note`} aria-live="polite">
        {when.mode === 'now' && active && (
          <p className="field-error">
            Production is frozen by &lsquo;{active.name}&rsquo; until {inZone(active.endsAt, active.timeZone)}: a
            deployment now is refused. Schedule it instead.
          </p>
        )}
        {when.mode === 'later' && when.local && !when.ready && (
          <p className="field-error">Choose a time in the future, at most {MAX_SCHEDULE_DAYS} days ahead.</p>
        )}
        {frozenThen && (
          <p className="muted">
            That time falls in the freeze window &lsquo;{frozenThen.name}&rsquo;: the deployment waits for its end (
            {formatDate(frozenThen.endsAt)}, {inZone(frozenThen.endsAt, frozenThen.timeZone)}).
          </p>
        )}
      </div>
    </fieldset>
  );
}
