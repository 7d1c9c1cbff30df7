/**
 * The audit actions of a promotion's history in the users' words. An action missing here (one
 * added later, say PROMOTION_ABANDONED) still reads well: its own name in plain words.
 */
const LABELS: Record<string, string> = {
  PROMOTION_STARTED: 'Promotion started',
  PROMOTION_COMPLETED: 'Promoted to a branch of the primary account',
  PROMOTION_FAILED: 'Promotion failed',
  PROMOTION_REFUSED: 'Promotion refused',
  TEST_DEPLOYMENT_STARTED: 'Test deployment started',
  TEST_DEPLOYED: 'Deployed to Test',
  TEST_DEPLOY_FAILED: 'Test deployment failed',
  TEST_DEPLOYMENT_CANCELLED: 'Test deployment cancelled',
  HOTFIX_SUBMITTED: 'Submitted as an emergency hotfix',
  PRODUCTION_SUBMITTED: 'Submitted for production',
  PEER_APPROVED: 'Approved in peer review',
  PEER_REJECTED: 'Rejected in peer review',
  ADMIN_APPROVED: 'Approved by an admin',
  ADMIN_DENIED: 'Denied by an admin',
  PRODUCTION_DEPLOYMENT_REQUESTED: 'Production deployment requested',
  BRANCH_MERGED: 'Branch merged to main',
  DEPLOYED: 'Deployed to Production',
  PRODUCTION_DEPLOY_FAILED: 'Production deployment failed',
  PRODUCTION_DEPLOYMENT_CANCELLED: 'Production deployment cancelled',
  PROMOTION_WITHDRAWN: 'Withdrawn from review',
  PROCESS_RUNTIME_CHANGED: 'Process runtime changed',
  TEST_RUN_PASSED: 'Test process passed in Test',
  TEST_RUN_FAILED: 'Test process failed in Test',
  TEST_RUN_TIMED_OUT: 'Test process timed out in Test',
  TEST_RUN_REFUSED: 'Boomi refused to run the test process',
  TEST_RUN_NOT_RUN: 'Test process could not be run',
};

/** "PROMOTION_ABANDONED" -> "Promotion abandoned". */
export const plainWords = (code: string) => {
  const words = code
    .toLowerCase()
    .split(/[_\s]+/)
    .filter(Boolean)
    .join(' ');
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
};

export function actionLabel(action: string, opts: { retry?: boolean | undefined } = {}): string {
  if (action === 'PRODUCTION_DEPLOYMENT_REQUESTED' && opts.retry) return 'Production deployment retried';
  return LABELS[action] ?? plainWords(action);
}

/** Who did it: a person's email, or the service itself. */
export const actorLabel = (actor: string) => (actor === 'system' ? 'Promo (automatic)' : actor);
