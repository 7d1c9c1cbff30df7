import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { deleteObject, getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { pollUntil, type PollOptions } from '../polling.ts';
import { zBool, zContainer, zInt, zList } from '../wire-json.ts';

export const MERGE_STAGES = [
  'NOT_EXIST',
  'DRAFTING',
  'FAILED_TO_DRAFT',
  'FAILED_TO_REDRAFT',
  'DRAFTED',
  'REVIEWING',
  'MERGING',
  'MERGED',
  'FAILED_TO_MERGE',
  'DELETED',
  'REDRAFTING',
  'REVERTED',
] as const;
export type MergeStage = (typeof MERGE_STAGES)[number];

/** Stages a merge request does not leave by itself. */
const FAILED_STAGES: readonly MergeStage[] = [
  'FAILED_TO_DRAFT',
  'FAILED_TO_REDRAFT',
  'FAILED_TO_MERGE',
  'DELETED',
  'REVERTED',
];

const MergeRequestDetailSchema = z.looseObject({
  componentGuid: z.string().optional(),
  sourceRevision: zInt.optional(),
  destinationRevision: zInt.optional(),
  mergeRevision: zInt.optional(),
  changeType: z.string().optional(),
  conflict: zBool.optional(),
  resolution: z.string().optional(),
  excluded: zBool.optional(),
  lockedOnDestinationBranch: zBool.optional(),
  stage: z.string().optional(),
});

export const MergeRequestSchema = z.looseObject({
  id: z.string(),
  sourceBranchId: z.string().optional(),
  sourceBranchName: z.string().optional(),
  destinationBranchId: z.string().optional(),
  destinationBranchName: z.string().optional(),
  strategy: z.string().optional(),
  priorityBranch: z.string().optional(),
  /** The field is `stage`, not `status` (pitfall 28). */
  stage: z.enum(MERGE_STAGES),
  previousStage: z.enum(MERGE_STAGES).optional(),
  note: z.string().optional(),
  mergeRequestAction: z.string().optional(),
  lockedBy: z.string().optional(),
  createdBy: z.string().optional(),
  createdDate: z.string().optional(),
  modifiedBy: z.string().optional(),
  modifiedDate: z.string().optional(),
  MergeRequestDetails: zContainer(z.looseObject({ MergeRequestDetail: zList(MergeRequestDetailSchema) })).optional(),
});
export type MergeRequest = z.output<typeof MergeRequestSchema>;

/** Queries need `sourceBranchId` or `destinationBranchId` with EQUALS (§2.2). */
export type MergeRequestProperty =
  'sourceBranchId' | 'destinationBranchId' | 'stage' | 'createdBy' | 'createdDate' | 'modifiedBy' | 'modifiedDate';

export interface NewMergeRequest {
  /** Branch ids, not names (pitfall 23). */
  sourceBranchId: string;
  destinationBranchId: string;
  strategy?: 'OVERRIDE' | 'CONFLICT_RESOLVE';
  /** Which side wins conflicts: SOURCE or DESTINATION, never a branch id (pitfall 24). */
  priorityBranch?: 'SOURCE' | 'DESTINATION';
  note?: string | undefined;
}

export type MergeRequestAction = 'MERGE' | 'REVERT' | 'RETRY_DRAFTING';

export interface MergeRequestApi extends QueryMethods<MergeRequestProperty, MergeRequest> {
  /** Defaults: OVERRIDE with the source winning. Answers with `stage=DRAFTING`. */
  create(input: NewMergeRequest, opts?: CallOptions): Promise<MergeRequest>;
  get(mergeRequestId: string, opts?: CallOptions): Promise<MergeRequest>;
  /** `POST /MergeRequest/execute/{id}` with `mergeRequestAction` (pitfalls 25, 26); MERGE needs stage REVIEWING. */
  execute(mergeRequestId: string, action?: MergeRequestAction, opts?: CallOptions): Promise<MergeRequest>;
  delete(mergeRequestId: string, opts?: CallOptions): Promise<boolean>;
  /**
   * Polls until the merge request reaches one of `stages`. A failed stage (FAILED_TO_DRAFT,
   * FAILED_TO_MERGE, …) that was not asked for gives MERGE_FAILED; the deadline MERGE_TIMEOUT.
   */
  waitForStage(
    mergeRequestId: string,
    stages: MergeStage | readonly MergeStage[],
    opts?: CallOptions & PollOptions,
  ): Promise<MergeRequest>;
}

export function mergeRequestApi(ctx: ApiContext): MergeRequestApi {
  const get = (id: string, opts?: CallOptions) =>
    getJson(ctx, 'MergeRequest.get', `/MergeRequest${seg(id)}`, MergeRequestSchema, opts);
  return {
    ...queryMethods<MergeRequestProperty, typeof MergeRequestSchema>(ctx, 'MergeRequest', MergeRequestSchema),
    get,
    create: (input, opts) =>
      postJson(
        ctx,
        'MergeRequest.create',
        '/MergeRequest',
        {
          sourceBranchId: input.sourceBranchId,
          destinationBranchId: input.destinationBranchId,
          strategy: input.strategy ?? 'OVERRIDE',
          priorityBranch: input.priorityBranch ?? 'SOURCE',
          ...(input.note !== undefined ? { note: input.note } : {}),
        },
        MergeRequestSchema,
        opts,
        { idempotent: false },
      ),
    execute: (id, action = 'MERGE', opts) =>
      postJson(
        ctx,
        'MergeRequest.execute',
        `/MergeRequest/execute${seg(id)}`,
        { id, mergeRequestAction: action },
        MergeRequestSchema,
        opts,
        { idempotent: false },
      ),
    delete: (id, opts) => deleteObject(ctx, 'MergeRequest.delete', `/MergeRequest${seg(id)}`, opts),
    waitForStage(id, stages, opts = {}) {
      const wanted: readonly MergeStage[] = typeof stages === 'string' ? [stages] : stages;
      return pollUntil(
        ctx.clock,
        async () => {
          const mr = await get(id, opts);
          if (!wanted.includes(mr.stage) && FAILED_STAGES.includes(mr.stage)) {
            throw new AppError(
              'MERGE_FAILED',
              `Merge request ${id} reached ${mr.stage} while waiting for ${wanted.join(' or ')}`,
              {
                details: { mergeRequestId: id, stage: mr.stage, previousStage: mr.previousStage },
              },
            );
          }
          return mr;
        },
        (mr) => wanted.includes(mr.stage),
        {
          ...opts,
          defaults: ctx.polling.merge,
          onTimeout: (last, waited) =>
            new AppError(
              'MERGE_TIMEOUT',
              `Merge request ${id} still ${last.stage} after ${Math.round(waited / 1000)} s`,
              {
                details: { mergeRequestId: id, stage: last.stage, waitedMs: waited },
              },
            ),
        },
      );
    },
  };
}
