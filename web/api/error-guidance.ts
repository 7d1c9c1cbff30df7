import type { ErrorCode } from '../../src/contracts/errors.ts';
import type { Tier } from '../../src/contracts/limits.ts';
import type { PromotionStatus } from '../../src/contracts/promotions.ts';

/**
 * What to tell the user for each error code, and where to go next (20-dashboard.md Appendix B).
 * The service's own message is always shown too; this adds the way forward.
 */
export const ERROR_GUIDANCE: Partial<Record<ErrorCode | 'NETWORK_ERROR', string>> = {
  INSUFFICIENT_TIER:
    'Your account has no access to this. Ask to be added to ABC_BOOMI_FLOW_CONTRIBUTOR or ABC_BOOMI_FLOW_ADMIN.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  CSRF_TOKEN_INVALID: 'Your session changed in another tab. Reload the page and try again.',
  ACCOUNT_NOT_AUTHORIZED: 'You cannot see this dev account. Ask an admin to give your team access.',
  AUTH_FAILED: 'API token may be expired. Contact admin.',
  ACCOUNT_NOT_FOUND: 'The Boomi account was not found. Go back to the Package Browser and choose another account.',
  COMPONENT_NOT_FOUND:
    'A component could not be found in Boomi. It may have been deleted; re-package the process and try again.',
  DEPENDENCY_CYCLE:
    'The components listed reference each other in a cycle. Break the cycle in the dev account, re-package, and try again.',
  MISSING_CONNECTION_MAPPINGS: 'Ask an admin to seed the missing mappings in the Mapping Viewer.',
  BRANCH_LIMIT_REACHED:
    'Too many promotions are waiting for review. Wait for reviews to finish (or ask an admin to free a slot), then retry.',
  BRANCH_CREATION_TIMEOUT: 'Boomi took too long to create the branch. Retry in a minute.',
  PROMOTION_IN_PROGRESS: 'Another promotion is running for this account. Retry when it has finished.',
  PROMOTION_CONFLICT:
    'Another open promotion carries some of these components. Open it, then take it forward or abandon it.',
  PROMOTION_FAILED:
    'Some components failed to promote. Fix them in the dev account and start a new promotion from the Package Browser.',
  API_RATE_LIMIT: 'Boomi is limiting requests. Wait a moment and retry.',
  BOOMI_UNAVAILABLE: 'Boomi is not answering right now. Retry in a moment.',
  NETWORK_ERROR: 'The service could not be reached. Check your connection and retry.',
  DATAHUB_ERROR: 'Contact your platform administrator.',
  INTERNAL_ERROR:
    'Something went wrong on our side. Retry; if it keeps failing, give the request id to your administrator.',
  INVALID_REQUEST: 'The request was not accepted. This is usually a dashboard bug: reload the page and try again.',
  TEST_DEPLOY_FAILED: 'The test deployment failed. The branch is kept: retry the deployment.',
  DEPLOYMENT_FAILED: 'The deployment failed. The branch is kept and an admin can retry.',
  HOTFIX_JUSTIFICATION_REQUIRED: 'Hotfix justification is required.',
  HOTFIX_ACKNOWLEDGEMENT_REQUIRED: 'Tick the acknowledgement to approve an emergency hotfix.',
  INVALID_DEPLOYMENT_TARGET: 'This promotion cannot be deployed that way. Go back to Production Readiness.',
  TEST_PROMOTION_NOT_FOUND: 'The test deployment was not found. Go back to Production Readiness.',
  SELF_REVIEW_NOT_ALLOWED: 'You cannot review your own submission',
  SELF_APPROVAL_NOT_ALLOWED: 'You cannot approve a promotion you submitted or peer-reviewed.',
  ALREADY_REVIEWED: 'This promotion has already been reviewed',
  INVALID_REVIEW_STATE: 'This promotion is no longer waiting for this review.',
  MERGE_FAILED: 'Merging the branch into main failed. The branch is kept; an admin can retry.',
  MERGE_TIMEOUT: 'Boomi took too long to merge. The branch is kept; an admin can retry.',
  RELEASE_TIMEOUT: 'Boomi took too long to release the pack. Retry the deployment.',
  DUPLICATE_MAPPING: 'A mapping for this dev component already exists.',
  PROMOTION_NOT_FOUND: 'Promotion not found. It may belong to an account you cannot see.',
  NOT_FOUND: 'Not found. It may have been removed or belong to an account you cannot see.',
  CLIENT_ACCOUNT_NOT_FOUND:
    'This client account is not known, inactive, or not one of your teams’. Choose another account, or ask an admin.',
  EXTENSION_NOT_FOUND:
    'That extension is no longer in this environment (a newer deployment may have changed it). Reload the page.',
  UNAUTHORIZED_EXTENSION_EDIT:
    'Your team may not change this component. Ask an admin, or ask them to rebuild the access cache if it should be yours.',
  CONNECTION_EDIT_ADMIN_ONLY: 'Connection settings and encrypted values are changed by admins only. Ask an admin.',
  EXTENSION_CONFLICT:
    'Someone changed these fields since you loaded them. Reload the page and re-apply your changes; nothing was saved.',
  COPY_FAILED: 'The copy to Production did not finish. Open the preview again to see what Production holds now.',
  MAP_EXTENSION_NOT_FOUND: 'That map extension is no longer in this environment. Reload the page.',
  MAP_EXTENSION_CONFLICT:
    'Someone changed this map extension since you opened it. Reload it and re-apply your changes; nothing was saved.',
  EXTENSIONS_NOT_READY:
    'Production extension values need fixing before approval. Fix them in the Extension Manager, then approve.',
  PACK_NOT_INSTALLED: 'That Integration Pack is not installed in this client account. Install it first.',
  INVALID_LANGUAGE: 'Scripts are Groovy or JavaScript.',
  SCRIPT_EMPTY: 'The script is empty.',
  SCRIPT_TOO_LARGE: 'The script is over 10 KB. Shorten it.',
  SCRIPT_INVALID: 'The script has problems: fix those listed and validate again.',
  GROOVY_SYNTAX_ERROR: 'Fix the Groovy syntax at the line and column shown, then validate again.',
  GROOVY_SECURITY_VIOLATION: 'The script uses something map scripts may not (files, processes, network, reflection).',
  JAVASCRIPT_SYNTAX_ERROR: 'Fix the JavaScript (ES5) syntax at the line and column shown, then validate again.',
  GROOVY_VALIDATOR_UNAVAILABLE: 'The Groovy checker is not available right now. Retry in a moment.',
  VALIDATION_INTERNAL_ERROR: 'The script could not be checked. Retry; if it keeps failing, tell your administrator.',
  FREEZE_ACTIVE:
    'Production is frozen. Schedule the deployment for after the freeze, or, for an emergency, use a break-glass hotfix.',
  FREEZE_WINDOW_CONFLICT: 'Someone else changed this freeze window. Reload the page and make your change again.',
  TEST_EVIDENCE_REQUIRED:
    'The approval policy asks for a passing test run after the last Test deployment. Run the test process again from Production Readiness.',
  TEST_PROCESS_NOT_SET: "Name the process's test process first (Production Readiness, Test evidence).",
  POLICY_CHECK_FAILED:
    'A policy rule blocks production. See the policy findings on the promotion: fix the components and promote again, or ask an admin to re-grade the rule.',
};

/** A page that takes the user past an error. */
export interface Way {
  label: string;
  to: string;
}

/**
 * The specific way forward an error code has, beyond Back / Retry / Home (issue 12), for the
 * viewer's tier: the page where the cause is fixed.
 */
export function waysForward(code: string, tier: Tier | undefined): Way[] {
  switch (code) {
    case 'MISSING_CONNECTION_MAPPINGS':
      return tier === 'ADMIN'
        ? [{ label: 'Seed the missing mappings in the Mapping Viewer', to: '/admin/mappings' }]
        : [];
    case 'BRANCH_LIMIT_REACHED':
      return [{ label: 'Abandon promotions you no longer need in My Work', to: '/my-work' }];
    case 'PROMOTION_NOT_FOUND':
      return [{ label: 'Find your promotions in My Work', to: '/my-work' }];
    case 'TEST_PROMOTION_NOT_FOUND':
    case 'INVALID_DEPLOYMENT_TARGET':
      return [{ label: 'Go to Production Readiness', to: '/production-readiness' }];
    case 'EXTENSIONS_NOT_READY':
      return [{ label: 'Fix the values in the Extension Manager', to: '/extensions' }];
    case 'CLIENT_ACCOUNT_NOT_FOUND':
      return tier === 'ADMIN' ? [{ label: 'Manage client accounts', to: '/admin/client-accounts' }] : [];
    case 'ALREADY_REVIEWED':
    case 'INVALID_REVIEW_STATE':
    case 'SELF_REVIEW_NOT_ALLOWED':
      return [{ label: 'Back to the Peer Review Queue', to: '/reviews/peer' }];
    default:
      return [];
  }
}

/** The promotion an error names as what blocks the request (conflicts, a test held by its request). */
export interface Blocker {
  promotionId: string;
  status: PromotionStatus | undefined;
  processName: string | null;
  initiatedBy: string | null;
}

export function blockerOf(body: Record<string, unknown>): Blocker | null {
  const id = body.conflictingPromotionId;
  if (typeof id !== 'string' || !id) return null;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    promotionId: id,
    status: (text(body.conflictingStatus) as PromotionStatus | null) ?? undefined,
    processName: text(body.conflictingProcessName),
    initiatedBy: text(body.conflictingInitiatedBy),
  };
}
