import type { ProductionChoices } from '../../contracts/reviews.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { ApprovalService } from '../approvals/approval-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Promotion, PromotionRecords } from '../promotions/promotion-service.ts';
import type { DriftGate } from './drift-acknowledgement.ts';

/** Emails that go with review transitions (D12); written in the transition's transaction. */
export type ReviewEmail =
  | 'PEER_REVIEW_NEEDED'
  | 'HOTFIX_REVIEW_NEEDED'
  | 'PEER_APPROVED'
  | 'PEER_REJECTED'
  | 'ADMIN_DENIED'
  | 'PROMOTION_ABANDONED'
  | 'APPROVALS_VOIDED'
  | 'BREAK_GLASS_DEPLOYMENT';
/** What an email says beyond the record: an abandonment's reason and the status it left, who had approved. */
export interface EmailExtra {
  reason?: string;
  previousStatus?: string;
  approvers?: string[];
  required?: { peers: number; admins: number };
}
export type Notify = (
  tx: Tx,
  email: ReviewEmail,
  promotion: Promotion,
  actor: Caller,
  extra?: EmailExtra,
) => Promise<void>;

/** The production deployment an approval starts (the deployments feature runs it). */
export interface ProductionDeployments {
  enqueue(
    tx: Tx,
    promotionId: string,
    requestedBy: string,
    opts?: { runAt?: Date | undefined; breakGlass?: boolean | undefined },
  ): Promise<string>;
  /** Refuses, naming the field, a request its deployment could not carry out (no pack, no environment). */
  check(request: ProductionChoices): Promise<void>;
  /** Production environments of the request without an online runtime, said before anyone approves. */
  warnings(request: ProductionChoices): Promise<string[]>;
}

export interface ReviewDeps {
  db: Transactor;
  records: PromotionRecords;
  accounts: AccountService;
  audit: AuditLog;
  boomi: BoomiClient;
  notify: Notify;
  production: ProductionDeployments | undefined;
  /** Refuses an admin approval an admin's rule forbids (extensions not ready for production). */
  approvalGate?: ((promotionId: string) => Promise<void>) | undefined;
  /** The approval policy: who may approve what, how many, and whether an approval still stands. */
  approvals: ApprovalService;
  /** Open drift on the promotion's components: approving over it needs `driftAcknowledged` (issue 14). */
  driftGate?: DriftGate | undefined;
  /** Refuses production submission from a test record without the test evidence the policy asks (issue 16). */
  testEvidenceGate?: ((test: Promotion) => Promise<void>) | undefined;
  /** Refuses a production or hotfix submission while a BLOCK policy finding stands (issue 16). */
  policyGate?: ((promotionId: string) => Promise<void>) | undefined;
}
