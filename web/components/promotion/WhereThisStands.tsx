import { useId, useState } from 'react';
import { guideFor, type GuidedPromotion } from '../../../src/contracts/promotion-guide.ts';
import { useMe } from '../../app/session.tsx';
import { GuideSteps } from '../work/GuideSteps.tsx';
import { AbandonDialog, type AbandonTarget, type CloseKind } from '../work/AbandonDialog.tsx';

/**
 * P3's "Where this stands" (issue 12): why the promotion is in its status, who holds it, and what
 * the viewer may do next, with the way to abandon it when they may. The same guide as My work.
 */
export function WhereThisStands({ record }: { record: GuidedPromotion & AbandonTarget }) {
  const me = useMe();
  const titleId = useId();
  const guide = guideFor(record, me);
  const [closing, setClosing] = useState<CloseKind | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section className="panel where-it-stands" aria-labelledby={titleId}>
      <h3 id={titleId}>Where this stands</h3>
      <dl className="facts">
        <dt>Why</dt>
        <dd>{guide.why}</dd>
        <dt>Who holds it</dt>
        <dd>{guide.holderText}</dd>
        <dt>Next</dt>
        <dd>
          <GuideSteps
            guide={guide}
            here={`/promotions/${encodeURIComponent(record.promotionId)}`}
            onAbandon={() => setClosing('abandon')}
            onWithdraw={() => setClosing('withdraw')}
            abandonLabel="Abandon Promotion"
          />
        </dd>
      </dl>
      {done && (
        <div className="banner banner-success" role="status">
          {done}
        </div>
      )}
      {closing && (
        <AbandonDialog
          target={record}
          kind={closing}
          onClose={() => setClosing(null)}
          onAbandoned={(message) => {
            setClosing(null);
            setDone(message);
          }}
        />
      )}
    </section>
  );
}
