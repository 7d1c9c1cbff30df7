import type { Tx } from '../../platform/transactor.ts';
import type { WebhookEvent, WebhookFormat } from './webhook-messages.ts';
import type { WebhookCategory } from './webhook-rules.ts';

export type DeliveryStatus = 'PENDING' | 'SENT' | 'FAILED';

/** An endpoint as everyone but the dispatcher sees it: without its secret. */
export interface WebhookRecord {
  webhookId: string;
  name: string;
  url: string;
  format: WebhookFormat;
  events: WebhookCategory[];
  active: boolean;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  lastDelivery: { status: DeliveryStatus; at: Date } | null;
}

export interface WebhookInput {
  name: string;
  url: string;
  format: WebhookFormat;
  events: WebhookCategory[];
  active: boolean;
}

/** One event on its way to one endpoint (the outbox row). */
export interface Delivery {
  deliveryId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  /** Attempts started (a claim counts, so a sender that dies mid-send does not retry forever). */
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  replayOf: string | null;
  createdAt: Date;
}

/** A claimed delivery with what sending it needs. */
export interface DueDelivery extends Delivery {
  url: string;
  format: WebhookFormat;
  secret: string;
}

export interface WebhookStore {
  list(tx?: Tx): Promise<WebhookRecord[]>;
  get(webhookId: string, tx?: Tx): Promise<WebhookRecord | undefined>;
  insert(tx: Tx, webhookId: string, input: WebhookInput, secret: string, by: string): Promise<void>;
  /** Changes the endpoint; a given secret replaces the old one. False when there is no such endpoint. */
  update(tx: Tx, webhookId: string, input: WebhookInput, secret: string | undefined, by: string): Promise<boolean>;
  /** Removes the endpoint and its deliveries; answers what was removed. */
  delete(tx: Tx, webhookId: string): Promise<WebhookRecord | undefined>;
  /** One delivery per active endpoint listening to any of `categories`, in the caller's transaction. */
  enqueueMatching(tx: Tx, categories: readonly WebhookCategory[], event: WebhookEvent, dueAt: Date): Promise<number>;
  /** One delivery to one endpoint (a test event or a replay). */
  enqueueFor(tx: Tx, webhookId: string, event: WebhookEvent, dueAt: Date, replayOf?: string): Promise<string>;
  /**
   * Takes up to `limit` PENDING deliveries due at `now`, counts an attempt and hides them until
   * `leaseUntil`, so another replica does not send them meanwhile.
   */
  claimDue(now: Date, limit: number, leaseUntil: Date): Promise<DueDelivery[]>;
  markSent(deliveryId: string, at: Date, httpStatus: number): Promise<void>;
  /** With `nextAttemptAt` the delivery is retried then; without it, it is FAILED for good. */
  markFailed(
    deliveryId: string,
    failure: { httpStatus: number | null; error: string },
    nextAttemptAt: Date | undefined,
  ): Promise<void>;
  deliveries(webhookId: string, q: { status?: DeliveryStatus | undefined; limit: number }): Promise<Delivery[]>;
  delivery(deliveryId: string, tx?: Tx): Promise<Delivery | undefined>;
}
