import type { Tx } from '../../platform/transactor.ts';

/** Every state transition and administrative change leaves one of these (D8). */
export interface AuditEvent {
  actor: string;
  action: string;
  promotionId?: string | undefined;
  fromStatus?: string | undefined;
  toStatus?: string | undefined;
  details?: Record<string, unknown>;
}

export interface RecordedAuditEvent extends Required<Omit<AuditEvent, 'promotionId' | 'fromStatus' | 'toStatus'>> {
  id: number;
  occurredAt: Date;
  promotionId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
}

export interface AuditLog {
  /** Always inside the transaction that makes the change, so the trail cannot miss one. */
  record(tx: Tx, event: AuditEvent): Promise<void>;
  forPromotion(promotionId: string): Promise<RecordedAuditEvent[]>;
  recent(opts: { limit: number; action?: string | undefined }): Promise<RecordedAuditEvent[]>;
}
