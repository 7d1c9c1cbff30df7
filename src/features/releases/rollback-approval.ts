/** How many approvals a rollback needs: the approval policy may ask for more than the default. */
export interface RollbackApprovalRequirement {
  peers: number;
  admins: number;
}

/** The incident fast path: one admin who is not the requester. */
export const DEFAULT_ROLLBACK_APPROVALS: RollbackApprovalRequirement = { peers: 0, admins: 1 };

export interface GivenApproval {
  role: 'PEER' | 'ADMIN';
}

/**
 * The approvals still missing. An admin's approval beyond the admins required counts as a peer's
 * (an admin may do what a peer may), never the other way round.
 */
export function rollbackApprovalsNeeded(
  requirement: RollbackApprovalRequirement,
  given: readonly GivenApproval[],
): RollbackApprovalRequirement & { done: boolean } {
  const admins = given.filter((a) => a.role === 'ADMIN').length;
  const peers = given.filter((a) => a.role === 'PEER').length;
  const adminsMissing = Math.max(0, requirement.admins - admins);
  const spareAdmins = Math.max(0, admins - requirement.admins);
  const peersMissing = Math.max(0, requirement.peers - peers - spareAdmins);
  return { peers: peersMissing, admins: adminsMissing, done: adminsMissing === 0 && peersMissing === 0 };
}
