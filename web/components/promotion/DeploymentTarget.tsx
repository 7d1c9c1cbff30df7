import { LIMITS } from '../../../src/contracts/limits.ts';
import { Badge } from '../Badge.tsx';
import { CountedTextArea } from '../CountedTextArea.tsx';

export type Target = 'test' | 'hotfix';

/** P3's deployment target cards: test (recommended) or an emergency hotfix with its justification. */
export function DeploymentTarget({
  target,
  onTarget,
  justification,
  onJustification,
  error,
}: {
  target: Target;
  onTarget(t: Target): void;
  justification: string;
  onJustification(v: string): void;
  error: string | null;
}) {
  return (
    <fieldset className="target-cards">
      <legend>
        <h3>Deployment Target</h3>
      </legend>
      <label className={`target-card target-test${target === 'test' ? ' chosen' : ''}`}>
        <input type="radio" name="target" value="test" checked={target === 'test'} onChange={() => onTarget('test')} />
        <span>
          <strong>Deploy to Test</strong> <Badge tone="green">(Recommended)</Badge>
          <span className="card-text">
            The components go to your test Integration Pack. No peer or admin review required. You can promote to
            production after validating in test.
          </span>
        </span>
      </label>
      <label className={`target-card target-hotfix${target === 'hotfix' ? ' chosen' : ''}`}>
        <input
          type="radio"
          name="target"
          value="hotfix"
          checked={target === 'hotfix'}
          onChange={() => onTarget('hotfix')}
        />
        <span>
          <strong>Deploy to Production (Emergency Hotfix)</strong> <Badge tone="red">⚠ Emergency</Badge>
          <span className="card-text">
            For emergencies only: skip the test environment. Peer review and admin approval are still required, and the
            exception is logged for leadership review.
          </span>
        </span>
      </label>
      {target === 'hotfix' && (
        <div className="hotfix-open">
          <div className="banner banner-error" role="alert">
            <span>
              ⚠ Emergency hotfixes bypass the test environment. They are logged and flagged for leadership review, and
              still need both peer review and admin approval.
            </span>
          </div>
          <CountedTextArea
            label="Hotfix Justification (Required)"
            value={justification}
            onChange={onJustification}
            max={LIMITS.justification}
            required
            error={error}
            placeholder="Explain why this deployment must bypass the test environment..."
          />
        </div>
      )}
    </fieldset>
  );
}
