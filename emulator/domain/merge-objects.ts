import { badRequest } from '../http/boomi-error.ts';
import { simpleExprs } from '../query/query-parse.ts';
import { isoMillis, shortId } from '../state/ids.ts';
import type { AccountData, MergeRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { bool, oneOf, records, requiredStr, str, type Body } from './body.ts';
import { revertMerge } from './merge-engine.ts';
import { requireReadyBranch } from './model.ts';
import type { ObjectDef, OpContext } from './object-def.ts';

// MergeRequest lifecycle (30-boomi-platform-api.md §3.11): CREATE -> DRAFTING -> DRAFTED ->
// REVIEWING; EXECUTE MERGE (from REVIEWING or FAILED_TO_MERGE) -> MERGING -> MERGED. Faults can end
// drafting in FAILED_TO_DRAFT and merging in FAILED_TO_MERGE.

export function mergeWire(m: MergeRecord): WireObject {
  return {
    '@type': 'MergeRequest',
    id: m.id,
    sourceBranchId: m.sourceBranchId,
    sourceBranchName: m.sourceBranchName,
    destinationBranchId: m.destinationBranchId,
    destinationBranchName: m.destinationBranchName,
    strategy: m.strategy,
    priorityBranch: m.priorityBranch,
    stage: m.stage,
    previousStage: m.previousStage,
    note: m.note ?? undefined,
    createdBy: m.createdBy,
    createdDate: m.createdDate,
    modifiedBy: m.modifiedBy,
    modifiedDate: m.modifiedDate,
    MergeRequestDetails: {
      '@type': 'MergeRequestDetails',
      MergeRequestDetail: m.details.map((d) => ({
        '@type': 'MergeRequestDetail',
        componentGuid: d.componentGuid,
        sourceRevision: d.sourceRevision,
        destinationRevision: d.destinationRevision ?? undefined,
        mergeRevision: d.mergeRevision ?? undefined,
        changeType: d.changeType,
        conflict: d.conflict,
        resolution: d.resolution ?? undefined,
        excluded: d.excluded,
        lockedOnDestinationBranch: false,
        stage: d.stage,
        createdBy: m.createdBy,
        createdDate: d.createdDate,
        modifiedBy: m.modifiedBy,
        modifiedDate: d.modifiedDate,
      })),
    },
  };
}

function requireMerge(account: AccountData, id: string): MergeRecord {
  const m = account.mergeRequests[id];
  if (!m) throw badRequest(`Invalid merge request id: ${id}`);
  return m;
}

function touch(ctx: OpContext, m: MergeRecord): void {
  m.modifiedBy = ctx.user.userName;
  m.modifiedDate = isoMillis(ctx.now);
}

function applyUpdate(ctx: OpContext, m: MergeRecord, body: Body): void {
  if (!['DRAFTED', 'REVIEWING', 'FAILED_TO_MERGE'].includes(m.stage))
    throw badRequest(`Merge request ${m.id} cannot be updated in stage ${m.stage}.`);
  if (str(body, 'priorityBranch')) m.priorityBranch = oneOf(body, 'priorityBranch', ['SOURCE', 'DESTINATION']);
  if (str(body, 'note') !== undefined) m.note = str(body, 'note') ?? null;
  const detailsBody = body['MergeRequestDetails'];
  const detailList =
    detailsBody && typeof detailsBody === 'object' ? records((detailsBody as Body)['MergeRequestDetail']) : [];
  for (const d of detailList) {
    const guid = str(d, 'componentGuid');
    const detail = m.details.find((x) => x.componentGuid === guid);
    if (!detail) throw badRequest(`Merge request ${m.id} has no detail for component ${guid ?? '(none)'}.`);
    if (str(d, 'resolution')) detail.resolution = oneOf(d, 'resolution', ['OVERRIDE', 'KEEP_DESTINATION'] as const);
    const excluded = bool(d, 'excluded');
    if (excluded !== undefined) detail.excluded = excluded;
    detail.stage = detail.conflict && detail.resolution ? 'CONFLICT_RESOLVED' : 'REVIEWED';
    detail.modifiedDate = isoMillis(ctx.now);
  }
  touch(ctx, m);
}

function execute(ctx: OpContext, id: string) {
  const { account, core } = ctx;
  const m = requireMerge(account, id);
  const bodyId = str(ctx.body, 'id');
  if (bodyId && bodyId !== id) throw badRequest(`id ${bodyId} does not match the merge request ${id} in the URL.`);
  const action = oneOf(ctx.body, 'mergeRequestAction', ['UPDATE', 'MERGE', 'RETRY_DRAFTING', 'REVERT']);
  const t = core.settings.stageTimings;
  const stageTo = (stage: MergeRecord['stage'], dueInMs: number) => {
    m.previousStage = m.stage;
    m.stage = stage;
    m.stageDueAt = ctx.now + dueInMs;
    touch(ctx, m);
    core.state.pending.push({ kind: 'merge', accountId: account.accountId, id });
  };
  switch (action) {
    case 'MERGE':
      if (m.stage !== 'REVIEWING' && m.stage !== 'FAILED_TO_MERGE')
        throw badRequest(`Merge request ${id} cannot be merged in stage ${m.stage}.`);
      if (m.strategy === 'CONFLICT_RESOLVE' && m.details.some((d) => d.conflict && !d.excluded && !d.resolution)) {
        throw badRequest(`Merge request ${id} has unresolved conflicts.`);
      }
      stageTo('MERGING', t.mergeExecuteMs);
      break;
    case 'RETRY_DRAFTING':
      if (m.stage !== 'FAILED_TO_DRAFT' && m.stage !== 'FAILED_TO_REDRAFT')
        throw badRequest(`Merge request ${id} cannot be redrafted in stage ${m.stage}.`);
      stageTo('DRAFTING', t.mergeDraftMs);
      break;
    case 'REVERT':
      if (m.stage !== 'MERGED') throw badRequest(`Merge request ${id} cannot be reverted in stage ${m.stage}.`);
      revertMerge(account, m, ctx.user.userName, ctx.now);
      m.previousStage = m.stage;
      m.stage = 'REVERTED';
      touch(ctx, m);
      break;
    case 'UPDATE':
      applyUpdate(ctx, m, ctx.body);
      break;
  }
  return { wire: mergeWire(m) };
}

export const mergeRequestObject: ObjectDef = {
  name: 'MergeRequest',
  get(ctx, id) {
    return { wire: mergeWire(requireMerge(ctx.account, id)) };
  },
  create(ctx) {
    const { account, core } = ctx;
    const source = requireReadyBranch(account, requiredStr(ctx.body, 'sourceBranchId', 'MergeRequest'));
    const destination = requireReadyBranch(account, requiredStr(ctx.body, 'destinationBranchId', 'MergeRequest'));
    if (source.id === destination.id) throw badRequest('The source and destination branches must differ.');
    const stamp = isoMillis(ctx.now);
    const m: MergeRecord = {
      id: shortId('MR', ++core.state.seq.merge),
      sourceBranchId: source.id,
      destinationBranchId: destination.id,
      sourceBranchName: source.name,
      destinationBranchName: destination.name,
      strategy: oneOf(ctx.body, 'strategy', ['OVERRIDE', 'CONFLICT_RESOLVE', 'SUBSET'], 'OVERRIDE'),
      priorityBranch: oneOf(ctx.body, 'priorityBranch', ['SOURCE', 'DESTINATION'], 'SOURCE'),
      note: str(ctx.body, 'note') ?? null,
      stage: 'DRAFTING',
      previousStage: 'NOT_EXIST',
      stageDueAt: ctx.now + core.settings.stageTimings.mergeDraftMs,
      createdBy: ctx.user.userName,
      createdDate: stamp,
      modifiedBy: ctx.user.userName,
      modifiedDate: stamp,
      details: [],
    };
    account.mergeRequests[m.id] = m;
    core.state.pending.push({ kind: 'merge', accountId: account.accountId, id: m.id });
    return { wire: mergeWire(m) };
  },
  update(ctx, id) {
    const m = requireMerge(ctx.account, id);
    applyUpdate(ctx, m, ctx.body);
    return { wire: mergeWire(m) };
  },
  execute,
  delete(ctx, id) {
    requireMerge(ctx.account, id);
    delete ctx.account.mergeRequests[id];
    return { empty: true };
  },
  query: {
    properties: [
      'sourceBranchId',
      'destinationBranchId',
      'stage',
      'createdBy',
      'createdDate',
      'modifiedBy',
      'modifiedDate',
    ],
    check(expr) {
      const simple = simpleExprs(expr);
      const branchFilters = simple.filter(
        (s) => s.property === 'sourceBranchId' || s.property === 'destinationBranchId',
      );
      if (branchFilters.length === 0)
        throw badRequest('Invalid query filter: sourceBranchId or destinationBranchId is required.');
      if (branchFilters.some((s) => s.operator !== 'EQUALS'))
        throw badRequest('Invalid query filter: sourceBranchId and destinationBranchId support only EQUALS.');
    },
    rows(ctx) {
      return Object.values(ctx.account.mergeRequests).map((m) => {
        const wire = mergeWire(m);
        return { fields: wire, wire };
      });
    },
  },
};
