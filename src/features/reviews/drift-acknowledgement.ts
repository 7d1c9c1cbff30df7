import { AppError } from '../../platform/errors.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DriftedComponent } from '../drift/drift-service.ts';

export type DriftGate = (promotionId: string) => Promise<DriftedComponent[]>;

/**
 * Merging overwrites main's out-of-band changes to these components (OVERRIDE, the branch wins):
 * the approving admin must say so explicitly. Answers the drifted components to audit.
 */
export async function requireDriftAcknowledgement(
  gate: DriftGate | undefined,
  promotionId: string,
  acknowledged: boolean | undefined,
): Promise<DriftedComponent[]> {
  const drifted = (await gate?.(promotionId)) ?? [];
  if (drifted.length && acknowledged !== true) {
    const names = drifted.map((d) => d.componentName ?? d.componentId).join(', ');
    throw new AppError(
      'DRIFT_ACKNOWLEDGEMENT_REQUIRED',
      `Production changed outside Promo for ${names}; approving overwrites it. Acknowledge with driftAcknowledged=true.`,
      { details: { components: drifted.map((d) => d.componentId) } },
    );
  }
  return drifted;
}

/** The acknowledgement, in the approval's transaction. */
export async function auditDriftAcknowledged(
  audit: AuditLog,
  tx: Tx,
  e: { actor: string; promotionId: string; status: string; drifted: readonly DriftedComponent[] },
): Promise<void> {
  if (!e.drifted.length) return;
  await audit.record(tx, {
    actor: e.actor,
    action: 'DRIFT_ACKNOWLEDGED',
    promotionId: e.promotionId,
    fromStatus: e.status,
    toStatus: e.status,
    details: { components: e.drifted },
  });
}
