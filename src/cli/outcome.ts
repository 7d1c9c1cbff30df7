import type { PromotionStatus } from '../contracts/promotions.ts';

/** Exit codes a pipeline branches on (docs/cli.md). */
export const EXIT = {
  DONE: 0,
  FAILED: 1,
  /** Bad arguments, no or refused credentials, an unsafe config file: fix the call, not the record. */
  USAGE: 2,
  /** The record waits for a person's review or approval. */
  REVIEW: 3,
  /** The record is still being worked on (only without --wait, or a deployment scheduled for later). */
  RUNNING: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command was called wrongly, or cannot authenticate: exit 2. */
export class UsageError extends Error {}

/** The service (or the way to it) said no: `CODE: message` on stderr. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode = EXIT.FAILED,
    readonly field?: string,
  ) {
    super(message);
  }
}

const BY_STATUS = {
  COMPLETED: EXIT.DONE,
  TEST_DEPLOYED: EXIT.DONE,
  DEPLOYED: EXIT.DONE,
  IN_PROGRESS: EXIT.RUNNING,
  TEST_DEPLOYING: EXIT.RUNNING,
  ADMIN_APPROVED: EXIT.RUNNING,
  PENDING_PEER_REVIEW: EXIT.REVIEW,
  PEER_APPROVED: EXIT.REVIEW,
  PENDING_ADMIN_REVIEW: EXIT.REVIEW,
  FAILED: EXIT.FAILED,
  TEST_DEPLOY_FAILED: EXIT.FAILED,
  PEER_REJECTED: EXIT.FAILED,
  ADMIN_REJECTED: EXIT.FAILED,
  TEST_CANCELLED: EXIT.FAILED,
  WITHDRAWN: EXIT.FAILED,
  DEPLOYMENT_CANCELLED: EXIT.FAILED,
  ABANDONED: EXIT.FAILED,
  ROLLED_BACK: EXIT.FAILED,
} as const satisfies Record<PromotionStatus, ExitCode>;

export interface RecordState {
  status: PromotionStatus;
  lastErrorCode?: string | null;
}

export function exitForStatus(p: RecordState): ExitCode {
  // An approved deployment that failed keeps ADMIN_APPROVED for an admin to retry or cancel:
  // for a pipeline it has failed, not "still running".
  if (p.status === 'ADMIN_APPROVED' && p.lastErrorCode) return EXIT.FAILED;
  return BY_STATUS[p.status] ?? EXIT.FAILED;
}
