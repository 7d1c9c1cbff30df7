import { useNavigate } from 'react-router';
import { CopyableId } from '../CopyButton.tsx';
import { RuntimeWarnings } from './RuntimeWarnings.tsx';
import { plural } from '../format.ts';

/** P4's confirmation of a production request (modes 2 and 3): what was submitted, and what follows. */
export function SubmittedForReview({
  promotionId,
  packageVersion,
  environments,
  runtimeWarnings = [],
}: {
  promotionId: string;
  packageVersion: string;
  /** The chosen production environments; null when every one is targeted. */
  environments: readonly string[] | null;
  runtimeWarnings?: readonly string[] | undefined;
}) {
  const navigate = useNavigate();
  return (
    <section className="panel" aria-labelledby="p4-done">
      <h2 id="p4-done">Submitted for Peer Review</h2>
      <p>A team member will review this request before it goes to admin approval. You will get email updates.</p>
      <dl className="facts">
        <dt>Promotion ID</dt>
        <dd>
          <CopyableId id={promotionId} />
        </dd>
        <dt>Package Version</dt>
        <dd>{packageVersion}</dd>
        <dt>Target</dt>
        <dd>{environments ? plural(environments.length, 'production environment') : 'Every production environment'}</dd>
      </dl>
      <RuntimeWarnings
        warnings={runtimeWarnings}
        intro="The request is submitted, but as things stand the approved deployment would not run everywhere:"
      />
      <div className="button-bar">
        <button type="button" className="secondary" onClick={() => navigate('/packages')}>
          Close
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => navigate(`/promotions/${promotionId}`)}>
          View Promotion Status
        </button>
      </div>
    </section>
  );
}
