import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { deleteObject, getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { pollUntil, type PollOptions } from '../polling.ts';
import { q } from '../query.ts';
import { zBool } from '../wire-json.ts';

export const BranchSchema = z.looseObject({
  /** The id field is `id`, not `branchId` (pitfall 22). */
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  parentId: z.string().optional(),
  packageId: z.string().optional(),
  deploymentId: z.string().optional(),
  /** Boomi's docs show both `false` and `"false"` (§1.4). */
  ready: zBool.optional(),
  /** CREATING | NORMAL | DELETING */
  stage: z.string().optional(),
  deleted: zBool.optional(),
  createdBy: z.string().optional(),
  createdDate: z.string().optional(),
  modifiedBy: z.string().optional(),
  modifiedDate: z.string().optional(),
});
export type Branch = z.output<typeof BranchSchema>;

/** No enum in the schema; `name` and `id` are documented, the rest unverified (§2.5). */
export type BranchProperty =
  | 'id'
  | 'name'
  | 'parentId'
  | 'packageId'
  | 'stage'
  | 'ready'
  | 'deleted'
  | 'createdBy'
  | 'createdDate'
  | 'modifiedBy'
  | 'modifiedDate';

export type NewBranch = { name: string; description?: string | undefined } &
  /** Branch from another branch (main's id comes from `findByName('main')`). */
  (
    | { parentId: string; packageId?: undefined }
    /** Branch from a packaged component or a deployment. */
    | { packageId: string; parentId?: undefined }
  );

export const isBranchReady = (b: Branch) => b.ready === true || b.stage === 'NORMAL';

export interface BranchApi extends QueryMethods<BranchProperty, Branch> {
  /** Answers at once with `ready=false`, `stage=CREATING`; see `waitUntilReady`. */
  create(input: NewBranch, opts?: CallOptions): Promise<Branch>;
  get(branchId: string, opts?: CallOptions): Promise<Branch>;
  findByName(name: string, opts?: CallOptions): Promise<Branch | undefined>;
  /** True when deleted now, false when it was already gone (404). `main` cannot be deleted. */
  delete(branchId: string, opts?: CallOptions): Promise<boolean>;
  /** Polls GET until `ready` (or `stage=NORMAL`); BRANCH_CREATION_TIMEOUT at the deadline. */
  waitUntilReady(branchId: string, opts?: CallOptions & PollOptions): Promise<Branch>;
}

export function branchApi(ctx: ApiContext): BranchApi {
  const methods = queryMethods<BranchProperty, typeof BranchSchema>(ctx, 'Branch', BranchSchema);
  const get = (branchId: string, opts?: CallOptions) =>
    getJson(ctx, 'Branch.get', `/Branch${seg(branchId)}`, BranchSchema, opts);
  return {
    ...methods,
    get,
    create: (input, opts) => {
      const body: Record<string, string> = { name: input.name };
      if (input.parentId !== undefined) body.parentId = input.parentId;
      if (input.packageId !== undefined) body.packageId = input.packageId;
      if (input.description !== undefined) body.description = input.description;
      return postJson(ctx, 'Branch.create', '/Branch', body, BranchSchema, opts, { idempotent: false });
    },
    async findByName(name, opts) {
      const rows = await methods.query(q.eq('name', name), opts);
      return rows.find((b) => b.name === name && b.deleted !== true);
    },
    delete: (branchId, opts) => deleteObject(ctx, 'Branch.delete', `/Branch${seg(branchId)}`, opts),
    waitUntilReady: (branchId, opts = {}) =>
      pollUntil(
        ctx.clock,
        async () => {
          const b = await get(branchId, opts);
          if (b.deleted === true || b.stage === 'DELETING') {
            throw new AppError('API_ERROR', `Branch ${branchId} is being deleted`, {
              details: { branchId, stage: b.stage },
            });
          }
          return b;
        },
        isBranchReady,
        {
          ...opts,
          defaults: ctx.polling.branch,
          onTimeout: (last, waited) =>
            new AppError(
              'BRANCH_CREATION_TIMEOUT',
              `Branch ${branchId} not ready after ${Math.round(waited / 1000)} s (stage ${last.stage ?? 'unknown'})`,
              {
                details: { branchId, stage: last.stage, waitedMs: waited },
              },
            ),
        },
      ),
  };
}
