import type { EmulatorCore } from '../core/core.ts';
import { isoMillis } from '../state/ids.ts';
import type { AccountData, MergeDetailRecord, MergeRecord } from '../state/state-types.ts';
import { appendRevision, contentOf } from './component-store.ts';
import { liveBranch } from './model.ts';

// What a merge request computes and applies. Drafting diffs the source heads against the
// destination heads since the merge base; merging writes the winning source content to the
// destination as new revisions (so main gets new versions, as Boomi's OVERRIDE merge does).

export function draftDetails(account: AccountData, m: MergeRecord, now: number): MergeDetailRecord[] {
  const source = account.branches[m.sourceBranchId];
  const details: MergeDetailRecord[] = [];
  // The recorded base is only meaningful against the branch the source forked from.
  const base = source && source.parentId === m.destinationBranchId ? source.base : null;
  const stamp = isoMillis(now);
  for (const c of Object.values(account.components)) {
    const s = c.heads[m.sourceBranchId];
    if (s === undefined) continue;
    const d = c.heads[m.destinationBranchId];
    const sRev = c.revisions[s - 1];
    if (!sRev) continue;
    let changeType: MergeDetailRecord['changeType'];
    let conflict = false;
    if (d === undefined) {
      if (sRev.deleted) continue;
      changeType = 'ADDED';
    } else {
      if (s === d) continue;
      const b = base?.[c.componentId];
      const sourceChanged = b ? s !== b[0] : true;
      if (!sourceChanged) continue;
      conflict = b ? d !== b[1] : false;
      changeType = sRev.deleted ? 'DELETED' : 'MODIFIED';
    }
    details.push({
      componentGuid: c.componentId,
      sourceRevision: s,
      destinationRevision: d ?? null,
      mergeRevision: null,
      changeType,
      conflict,
      resolution: null,
      excluded: false,
      stage: 'DRAFTED',
      createdDate: stamp,
      modifiedDate: stamp,
    });
  }
  return details;
}

function sourceWins(m: MergeRecord, d: MergeDetailRecord): boolean {
  if (d.resolution) return d.resolution === 'OVERRIDE';
  if (!d.conflict) return true;
  return m.priorityBranch === 'SOURCE';
}

export function applyMerge(account: AccountData, m: MergeRecord, now: number): void {
  const source = account.branches[m.sourceBranchId];
  const stamp = isoMillis(now);
  for (const d of m.details) {
    if (d.excluded) continue;
    const c = account.components[d.componentGuid];
    if (!c) continue;
    if (sourceWins(m, d)) {
      const from = c.revisions[d.sourceRevision - 1];
      if (!from) continue;
      const rev = appendRevision(c, m.destinationBranchId, contentOf(from), m.createdBy, now);
      d.mergeRevision = rev.version;
    } else {
      d.mergeRevision = d.destinationRevision;
    }
    d.stage = 'MERGED';
    d.modifiedDate = stamp;
    const s = c.heads[m.sourceBranchId];
    const dest = c.heads[m.destinationBranchId];
    // The merged state is the new base, so a later merge of the same branch sees only new edits.
    if (source && source.parentId === m.destinationBranchId && s !== undefined && dest !== undefined)
      source.base[c.componentId] = [s, dest];
  }
}

export function revertMerge(account: AccountData, m: MergeRecord, user: string, now: number): void {
  for (const d of m.details) {
    if (d.stage !== 'MERGED' || d.mergeRevision === d.destinationRevision) continue;
    const c = account.components[d.componentGuid];
    if (!c) continue;
    const before = d.destinationRevision ? c.revisions[d.destinationRevision - 1] : undefined;
    const current = c.revisions[(c.heads[m.destinationBranchId] ?? 0) - 1];
    if (before) appendRevision(c, m.destinationBranchId, contentOf(before), user, now);
    else if (current) appendRevision(c, m.destinationBranchId, { ...contentOf(current), deleted: true }, user, now);
    d.stage = 'REVERTED';
  }
}

function setStage(m: MergeRecord, stage: MergeRecord['stage'], now: number): void {
  m.previousStage = m.stage;
  m.stage = stage;
  m.modifiedDate = isoMillis(now);
}

/** Advances a merge request through its timed stages; true when it no longer needs polling. */
export function advanceMerge(core: EmulatorCore, account: AccountData, id: string, now: number): boolean {
  const m = account.mergeRequests[id];
  if (!m) return true;
  const t = core.settings.stageTimings;
  for (;;) {
    if (now < m.stageDueAt) return false;
    const branchesLive = !!liveBranch(account, m.sourceBranchId) && !!liveBranch(account, m.destinationBranchId);
    switch (m.stage) {
      case 'DRAFTING':
      case 'REDRAFTING': {
        const failed = m.stage === 'DRAFTING' ? 'FAILED_TO_DRAFT' : 'FAILED_TO_REDRAFT';
        if (!branchesLive || core.faults.takeMerge('FAILED_TO_DRAFT', m.sourceBranchId)) {
          setStage(m, failed, now);
          return true;
        }
        m.details = draftDetails(account, m, now);
        setStage(m, 'DRAFTED', now);
        m.stageDueAt += t.mergeReviewMs;
        continue;
      }
      case 'DRAFTED':
        setStage(m, 'REVIEWING', now);
        return true;
      case 'MERGING':
        if (!branchesLive || core.faults.takeMerge('FAILED_TO_MERGE', m.sourceBranchId)) {
          setStage(m, 'FAILED_TO_MERGE', now);
          return true;
        }
        applyMerge(account, m, now);
        setStage(m, 'MERGED', now);
        return true;
      default:
        return true;
    }
  }
}
