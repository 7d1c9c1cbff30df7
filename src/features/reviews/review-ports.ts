import type { ProductionChoices } from '../../contracts/reviews.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { Promotion } from '../promotions/promotion-service.ts';

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
