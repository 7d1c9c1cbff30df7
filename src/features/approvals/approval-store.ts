import type { Tx } from '../../platform/transactor.ts';
import type { ApprovalRole } from './approval-rules.ts';

/** A policy as saved; the service reads it through the contract's schema. */
export type StoredPolicy = Record<string, unknown>;

export interface PolicyVersion {
  version: number;
  policy: StoredPolicy;
  setBy: string;
  setAt: Date;
  comment: string | null;
}

export interface ApprovalRecord {
  id: number;
  promotionId: string;
  role: ApprovalRole;
  approvedBy: string;
  approvedAt: Date;
  comments: string | null;
  fingerprint: string;
  policyVersion: number;
  voidedAt: Date | null;
  voidReason: string | null;
}

export interface ApprovalStore {
  /** Newest first; empty while the built-in default is in force. */
  policies(limit: number, tx?: Tx): Promise<PolicyVersion[]>;
  /** Adds version `expected + 1`; false when another admin saved a version meanwhile. */
  addPolicy(
    tx: Tx,
    expected: number,
    p: { policy: StoredPolicy; setBy: string; comment: string | null },
  ): Promise<PolicyVersion | undefined>;
  approvals(promotionId: string, tx?: Tx): Promise<ApprovalRecord[]>;
  /** False when this person already has a standing approval of the record. */
  addApproval(
    tx: Tx,
    a: Pick<ApprovalRecord, 'promotionId' | 'role' | 'approvedBy' | 'comments' | 'fingerprint' | 'policyVersion'>,
  ): Promise<boolean>;
  /** Voids the standing approvals of a record; returns them. */
  voidApprovals(tx: Tx, promotionId: string, reason: string, exceptFingerprint?: string): Promise<ApprovalRecord[]>;
  /** Whoever started a test deployment of the record (or of the test record it came from). */
  testDeployers(promotionIds: readonly string[], tx?: Tx): Promise<string[]>;
  /** The team groups that grant access to a dev account. */
  teamGroupsOf(devAccountId: string, tx?: Tx): Promise<string[]>;
  /** Everyone Promo has seen sign in, with the groups they last had. */
  people(): Promise<Array<{ email: string; groups: string[] }>>;
  /** Records waiting for review that carry one of these production components. */
  reviewsWithComponents(prodComponentIds: readonly string[]): Promise<string[]>;
}
