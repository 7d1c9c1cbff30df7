import type { Query, QueryClient } from '@tanstack/react-query';
import type { ActionName } from './client.ts';

/**
 * What a promotion's state change can alter: its record, every queue it may enter or leave, and
 * the outbox its emails land in. A write that names no other reads (withdraw, reviews, deploy,
 * cancel, and any action added later) refreshes these, so no page keeps showing a status older
 * than the action the user just took.
 */
export const PROMOTION_READS: readonly string[] = [
  'queryStatus',
  'queryPeerReviewQueue',
  'queryAdminReviewQueue',
  'queryTestDeployments',
  'listNotifications',
  // P2's warning about open promotions holding the package's components, and P3's history.
  'findBlockingPromotions',
  'getPromotionTimeline',
  // Who approved, what is still needed (P3, P6, P7).
  'getApprovals',
  // A rollback relabels the promotion it rolls back, and its job ends like a promotion's.
  'getRollback',
  'listRollbacks',
  'listReleases',
  // A promotion's end brings its policy findings; a submission may check them again.
  'getPolicyFindings',
];

/** Everything that shows an environment's extension values. */
const EXTENSION_READS = ['getExtensions', 'diffExtensions', 'copyExtensionsTestToProd', 'checkProductionExtensions'];

/** Writes that touch something other than a promotion's state. */
const AFFECTS: Partial<Record<ActionName, readonly string[]>> = {
  // A seeded connection mapping turns an UNMAPPED connection in P2's tree into a MAPPED one.
  manageMappings: ['manageMappings', 'resolveDependencies'],
  manageDevAccountAccess: ['getDevAccounts', 'listDevPackages'],
  // The panel puts the answer (the one environment it changed) in place itself; a full refetch
  // would read every environment's runtimes from Boomi again.
  setProcessRuntime: [],
  // An environment's values show on P10, in its comparison, P11's preview and P7's findings.
  updateExtensions: EXTENSION_READS,
  copyExtensionsTestToProd: EXTENSION_READS,
  updateMapExtension: ['getMapExtension', 'getExtensions'],
  // Who may edit what is read with the extensions; the account list carries the last sync.
  syncExtensionAccess: ['getExtensions', 'listClientAccounts'],
  // Stateless: the validator stores nothing.
  validateScript: [],
  setExtensionCheckRule: ['checkProductionExtensions'],
  // A check opens and resolves findings: P9, P8, P2's marks and the reviewers' lists.
  checkDrift: ['listDrift', 'resolveDependencies'],
  manageClientAccounts: ['listClientAccounts', 'getClientPacks'],
  manageClientPacks: ['getClientPacks'],
  // A new policy changes what every record under review still needs.
  setApprovalPolicy: ['getApprovalPolicy', 'getApprovals', 'queryPeerReviewQueue'],
  approveForTest: ['getApprovals', 'getPromotionTimeline'],
  // A window shows on its page and as the freeze banner of P7 and P9.
  setFreezeWindow: ['listFreezeWindows'],
  deleteFreezeWindow: ['listFreezeWindows'],
  // Webhooks change only their own page: the list and its delivery log.
  setWebhook: ['listWebhooks'],
  deleteWebhook: ['listWebhooks'],
  testWebhook: ['listWebhooks', 'listWebhookDeliveries'],
  replayWebhookDelivery: ['listWebhooks', 'listWebhookDeliveries'],
  // Test evidence shows on P9, P6 and P7 from getTestRuns.
  setTestProcess: ['getTestRuns', 'listTestProcesses'],
  runTestProcess: ['getTestRuns'],
  // A rule turned off or re-graded changes every promotion's findings.
  setPolicyRule: ['listPolicyRules', 'getPolicyFindings'],
};

const readsOf = (write: ActionName | 'job') =>
  write === 'job' ? PROMOTION_READS : (AFFECTS[write] ?? PROMOTION_READS);

/**
 * After a write succeeds (or a job ends): queries on screen refetch now; cached ones nobody shows
 * are dropped, so the next page that needs them loads fresh data instead of flashing old data.
 */
export function afterWrite(client: QueryClient, write: ActionName | 'job'): Promise<void> {
  const reads = readsOf(write);
  const affected = (q: Query) => reads.includes(String(q.queryKey[0]));
  client.removeQueries({ predicate: (q) => affected(q) && q.getObserversCount() === 0 });
  return client.invalidateQueries({ predicate: affected });
}
