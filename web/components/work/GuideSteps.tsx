import { Link } from 'react-router';
import './work.css';
import type { PromotionGuide } from '../../../src/contracts/promotion-guide.ts';

/**
 * A promotion's next steps for the viewer (the guide's): links to the page where each is taken,
 * the Abandon button when they may abandon it, and notes for steps that are someone else's wait.
 * A step on the page already shown (`here`) is named, not linked.
 */
export function GuideSteps({
  guide,
  here,
  onAbandon,
  onWithdraw,
  abandonLabel = 'Abandon',
}: {
  guide: PromotionGuide;
  here?: string;
  onAbandon?(): void;
  onWithdraw?(): void;
  abandonLabel?: string;
}) {
  const steps = guide.steps.filter(
    (s) => (s.action !== 'abandon' || onAbandon) && (s.action !== 'withdraw' || onWithdraw),
  );
  if (!steps.length) return <span className="muted">Nothing: it is finished.</span>;
  return (
    <ul className="guide-steps">
      {steps.map((s) => (
        <li key={s.label}>
          {s.action === 'abandon' ? (
            <button type="button" className="danger small" onClick={onAbandon}>
              {abandonLabel}
            </button>
          ) : s.action === 'withdraw' ? (
            <button type="button" className="secondary small" onClick={onWithdraw}>
              Withdraw from Review
            </button>
          ) : s.to && s.to !== here ? (
            <Link to={s.to}>{s.label}</Link>
          ) : s.to ? (
            <span>{s.label} (on this page)</span>
          ) : (
            <span className="muted">{s.label}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
