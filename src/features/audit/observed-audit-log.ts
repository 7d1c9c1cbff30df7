import type { Tx } from '../../platform/transactor.ts';
import type { AuditEvent, AuditLog } from './audit-log.ts';

/** Told of every audit event inside the transaction that records it (webhooks queue their deliveries so). */
export type AuditObserver = (tx: Tx, event: AuditEvent) => Promise<void>;

/**
 * The log with an observer after each `record`, in the same transaction: what the observer writes
 * commits or rolls back with the change. Every other method is the log's own, whatever it grows.
 */
export function observedAuditLog(log: AuditLog, observer: AuditObserver): AuditLog {
  const observed = Object.create(log) as AuditLog;
  observed.record = async (tx, event) => {
    await log.record(tx, event);
    await observer(tx, event);
  };
  return observed;
}
