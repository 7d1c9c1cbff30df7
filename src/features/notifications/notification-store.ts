import type { Tx } from '../../platform/transactor.ts';
import type { EmailKind } from './email-templates.ts';

export const NOTIFICATION_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One outgoing email of the outbox (D12). */
export interface Notification {
  id: string;
  createdAt: Date;
  kind: EmailKind;
  promotionId: string | null;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  status: NotificationStatus;
  /** Delivery attempts started so far (a claim counts, so a crash mid-send is not retried forever). */
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
}

export interface NewNotification {
  kind: EmailKind;
  promotionId: string | null;
  to: readonly string[];
  cc: readonly string[];
  subject: string;
  text: string;
  /** Enqueueing the same key twice keeps the first message only. */
  dedupeKey?: string | undefined;
  /**
   * When it is first due, on the dispatcher's clock: claiming compares with that clock too, so a
   * database timestamp a few microseconds ahead of it cannot hide a fresh message.
   */
  dueAt: Date;
}

export interface NotificationQuery {
  status?: NotificationStatus | undefined;
  promotionId?: string | undefined;
  limit: number;
}

export interface NotificationStore {
  /** Inside the caller's transaction: the message exists exactly when the transition commits. */
  enqueue(tx: Tx, message: NewNotification): Promise<string | undefined>;
  /**
   * Takes up to `limit` PENDING messages due at `now`, counts an attempt and hides them until
   * `leaseUntil`, so another replica does not send them meanwhile. A sender that dies leaves them
   * to be claimed again after the lease.
   */
  claimDue(now: Date, limit: number, leaseUntil: Date): Promise<Notification[]>;
  markSent(id: string, at: Date): Promise<void>;
  /** Records the failure; with `nextAttemptAt` the message is retried then, without it it is FAILED for good. */
  markFailed(id: string, error: string, nextAttemptAt: Date | undefined): Promise<void>;
  list(q: NotificationQuery): Promise<Notification[]>;
}
