import type { PromotionRecord } from './follow.ts';
import { EXIT, exitForStatus } from './outcome.ts';

/** Left-aligned columns, two spaces apart: readable in a terminal and in a CI log. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** What a person can do next from this status, as the command to type. */
function nextStep(p: PromotionRecord): string | undefined {
  const id = p.promotionId;
  switch (p.status) {
    case 'COMPLETED':
      return `promo deploy-test ${id} --wait   (or: promo submit ${id} --hotfix --justification "...")`;
    case 'TEST_DEPLOYED':
      return `promo submit ${id}`;
    case 'TEST_DEPLOY_FAILED':
      return `promo deploy-test ${id} --wait   (retries the test deployment)`;
    case 'PENDING_PEER_REVIEW':
    case 'PEER_APPROVED':
      return 'a peer reviews it in the dashboard (Peer Review Queue)';
    case 'PENDING_ADMIN_REVIEW':
      return 'an admin approves it in the dashboard (Admin Approval Queue)';
    case 'IN_PROGRESS':
    case 'TEST_DEPLOYING':
    case 'ADMIN_APPROVED':
      return p.lastErrorCode ? 'an admin retries or cancels the deployment' : `promo status ${id} --wait`;
    default:
      return undefined;
  }
}

/** The record as a person reads it. */
export function describePromotion(p: PromotionRecord): string {
  const name = [str(p.processName) || '(unnamed process)', str(p.packageVersion)].filter(Boolean).join(' ');
  const lines = [`Promotion ${p.promotionId}: ${name} from ${str(p.devAccountId)}`, `  status:      ${p.status}`];
  const add = (label: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== '') lines.push(`  ${label.padEnd(12)} ${str(value)}`);
  };
  add('target:', p.targetEnvironment);
  if (p.isHotfix) add('hotfix:', p.hotfixJustification);
  add(
    'components:',
    `${str(p.componentsTotal)} (created ${str(p.componentsCreated)}, updated ${str(p.componentsUpdated)}, ` +
      `failed ${str(p.componentsFailed)}; connections pre-mapped ${str(p.connectionsSkipped)})`,
  );
  add('branch:', p.branchName);
  add('test record:', p.testPromotionId);
  add('test pack:', p.testIntegrationPackName);
  add('pack:', p.integrationPackName);
  add('initiated:', p.initiatedBy ? `${str(p.initiatedBy)} at ${str(p.initiatedAt)}` : undefined);
  add('submitted:', p.submittedBy ? `${str(p.submittedBy)} at ${str(p.submittedAt)}` : undefined);
  add('peer review:', p.peerReviewedBy ? `${str(p.peerReviewStatus)} by ${str(p.peerReviewedBy)}` : undefined);
  add('admin:', p.adminApprovedBy ? `${str(p.adminReviewStatus)} by ${str(p.adminApprovedBy)}` : undefined);
  add('in test:', p.testDeployedAt);
  add('deployed:', p.deployedAt);
  add('scheduled:', p.scheduledDeployAt ? `${p.scheduledDeployAt} ${str(p.scheduleNote)}`.trim() : undefined);
  // A failed record's error is its own last line (`CODE: message`, see report); here only a warning.
  if (exitForStatus(p) !== EXIT.FAILED) add('last error:', p.errorMessage);
  add('next:', nextStep(p));
  return lines.join('\n');
}

/** `--json`: one document on stdout, nothing else there. */
export const json = (v: unknown) => JSON.stringify(v, null, 2);
