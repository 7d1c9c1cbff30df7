import type { ActionRequest, ActionResponse } from '../../api/client.ts';
import { Badge, RuntimeStatusBadge } from '../Badge.tsx';
import { scheduleFields, scheduleText } from './schedule-text.ts';

export type ProcessRuntime = ActionResponse<'getProcessRuntime'>;
type Environment = ProcessRuntime['environments'][number];
type OnRuntime = Environment['runtimes'][number];
/** One switch of setProcessRuntime, for one environment. */
export type RuntimeChange = Pick<ActionRequest<'setProcessRuntime'>, 'schedules' | 'listener'>;

const LISTENER_TONES: Record<string, 'green' | 'amber' | 'red'> = { listening: 'green', paused: 'amber' };

function RuntimeCard({ rt }: { rt: OnRuntime }) {
  return (
    <li className="runtime-card">
      <div className="runtime-title">
        <strong>{rt.atomName}</strong>
        {rt.type && <span className="muted">{rt.type.toLowerCase()}</span>}
        <RuntimeStatusBadge status={rt.status} />
      </div>
      <dl className="facts">
        <dt>Schedules</dt>
        <dd>
          {rt.schedules.length === 0 ? (
            <span className="muted">no schedule</span>
          ) : (
            <ul className="schedule-list">
              {rt.schedules.map((s, i) => (
                <li key={i} title={scheduleFields(s)}>
                  {scheduleText(s)}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Schedules enabled</dt>
        <dd>
          {rt.schedulesEnabled === null ? (
            <span className="muted">unknown</span>
          ) : rt.schedulesEnabled ? (
            <Badge tone="green">Enabled</Badge>
          ) : (
            <Badge tone="amber">Disabled</Badge>
          )}
        </dd>
        {rt.listenerStatus !== null && (
          <>
            <dt>Listener</dt>
            <dd>
              <Badge tone={LISTENER_TONES[rt.listenerStatus] ?? 'red'}>{rt.listenerStatus}</Badge>
            </dd>
          </>
        )}
      </dl>
      {rt.problem && (
        <p className="field-error" role="note">
          <span aria-hidden="true">⚠ </span>
          {rt.problem}
        </p>
      )}
    </li>
  );
}

/**
 * One environment the process was deployed to: each runtime with its status, the process's
 * schedules there and a listener's state; for admins, the switches, which act on every runtime
 * of the environment at once (as setProcessRuntime does).
 */
export function EnvironmentRuntime({
  environment: e,
  admin,
  busy,
  onChange,
}: {
  environment: Environment;
  admin: boolean;
  /** A switch is being made (here or in another environment): one at a time. */
  busy: boolean;
  onChange(change: RuntimeChange): void;
}) {
  const known = e.runtimes.filter((r) => r.schedulesEnabled !== null);
  const allEnabled = known.length > 0 && known.every((r) => r.schedulesEnabled);
  const allDisabled = known.length > 0 && known.every((r) => r.schedulesEnabled === false);
  const listeners = e.runtimes.filter((r) => r.listenerStatus !== null);
  const button = (label: string, change: RuntimeChange, disabled = false) => (
    <button
      type="button"
      className="secondary"
      aria-label={`${label} in ${e.environmentName}`}
      disabled={busy || disabled}
      onClick={() => onChange(change)}
    >
      {label}
    </button>
  );
  return (
    <section className="runtime-env" aria-label={`Runtime in ${e.environmentName}`}>
      <h4>{e.environmentName}</h4>
      {e.runtimes.length === 0 ? (
        <p className="muted">No runtime is attached to this environment: the process does not run here.</p>
      ) : (
        <ul className="runtime-list">
          {e.runtimes.map((rt) => (
            <RuntimeCard key={rt.atomId} rt={rt} />
          ))}
        </ul>
      )}
      {admin && e.runtimes.length > 0 && (
        <div className="button-bar runtime-controls">
          {button('Disable schedules', { schedules: 'DISABLE' }, allDisabled)}
          {button('Enable schedules', { schedules: 'ENABLE' }, allEnabled)}
          {listeners.length > 0 && (
            <>
              {button(
                'Pause listener',
                { listener: 'PAUSE' },
                listeners.every((r) => r.listenerStatus === 'paused'),
              )}
              {button(
                'Resume listener',
                { listener: 'RESUME' },
                listeners.every((r) => r.listenerStatus === 'listening'),
              )}
              {button('Restart listener', { listener: 'RESTART' })}
            </>
          )}
        </div>
      )}
    </section>
  );
}
