import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Tx } from '../../platform/transactor.ts';
import { isConnection } from './stripping-rule.ts';
import { blockerError, blockersOf } from './promotion-blockers.ts';
import {
  PROMOTION_JOB,
  type ExecuteRequest,
  type PromotionDeps,
  type PromotionJobData,
  type StartedPromotion,
} from './promotion-deps.ts';

const MISSING_MAPPINGS_MESSAGE =
  'One or more connection mappings not found in DataHub. Admin must seed missing mappings via Mapping Viewer.';

/**
 * Checks everything that can be checked before a branch exists, then takes a branch slot and
 * queues the promotion job. Nothing is written to Boomi here.
 */
export async function startPromotion(
  deps: PromotionDeps,
  caller: Caller,
  req: ExecuteRequest,
): Promise<StartedPromotion> {
  const { db, store, mappings, audit, jobs } = deps;
  if (req.prodAccountId && req.prodAccountId !== deps.primaryAccountId) {
    throw new AppError('INVALID_REQUEST', `prodAccountId: must be the primary account '${deps.primaryAccountId}'`, {
      details: { field: 'prodAccountId' },
    });
  }
  const ids = req.components.map((c) => c.devComponentId);
  if (new Set(ids).size !== ids.length)
    throw new AppError('INVALID_REQUEST', 'components: a component is listed twice', {
      details: { field: 'components' },
    });
  const root = req.components.find((c) => c.devComponentId === req.rootComponentId);
  if (!root)
    throw new AppError('INVALID_REQUEST', 'rootComponentId: must be one of the components', {
      details: { field: 'rootComponentId' },
    });

  // Every connection must already map to a #Connections component: all of them are checked (D9).
  const connections = req.components.filter(isConnection);
  const mapped = new Set(
    (
      await mappings.forComponents(
        req.devAccountId,
        connections.map((c) => c.devComponentId),
      )
    ).map((m) => m.devComponentId),
  );
  const missing = connections.filter((c) => !mapped.has(c.devComponentId));
  const processName = req.promotionMetadata?.processName ?? root.name;
  const newRecord = (promotionId: string, jobId: string | null) => ({
    promotionId,
    devAccountId: req.devAccountId,
    prodAccountId: deps.primaryAccountId,
    devPackageId: req.devPackageId,
    devPackageVersion: req.packageVersion,
    devPackageCreator: req.devPackageCreator ?? null,
    initiatedBy: caller.email,
    processName,
    rootComponentId: req.rootComponentId,
    packageVersion: req.packageVersion,
    componentsTotal: req.components.length,
    branchId: null,
    branchName: null,
    jobId,
  });
  if (missing.length) {
    const missingConnectionMappings = missing.map((c) => ({
      devComponentId: c.devComponentId,
      name: c.name,
      type: c.type,
      devAccountId: req.devAccountId,
    }));
    const promotionId = randomUUID();
    // The refused attempt is recorded (FAILED, no branch was ever made) so the trail shows it.
    await db.transaction(async (tx) => {
      await store.insertInProgress(tx, newRecord(promotionId, null));
      await store.transition(tx, promotionId, 'fail', {
        errorMessage: MISSING_MAPPINGS_MESSAGE,
        lastErrorCode: 'MISSING_CONNECTION_MAPPINGS',
        connectionsSkipped: connections.length,
      });
      await audit.record(tx, {
        actor: caller.email,
        action: 'PROMOTION_REFUSED',
        promotionId,
        toStatus: 'FAILED',
        details: { errorCode: 'MISSING_CONNECTION_MAPPINGS', missingConnectionMappings },
      });
    });
    throw new AppError('MISSING_CONNECTION_MAPPINGS', MISSING_MAPPINGS_MESSAGE, {
      fields: { promotionId, missingConnectionMappings },
    });
  }

  // An open promotion of the same account carrying any of these components would be overwritten
  // by whichever merges last (§8 #35): refuse, and name it.
  const refuseOpen = async (tx?: Tx) => {
    const [first] = blockersOf(await store.openWithComponents(req.devAccountId, tx), ids);
    if (first) throw blockerError(first, req.devAccountId);
  };
  // Early, before any Boomi call; then again under the slot lock, because a promotion that started
  // and finished while this one waited for the lock (or for a slow Branch query) is open now.
  await refuseOpen();

  const promotionId = randomUUID();
  const data: PromotionJobData = {
    promotionId,
    devAccountId: req.devAccountId,
    rootComponentId: req.rootComponentId,
    initiatedBy: caller.email,
    components: req.components,
    ...(req.force ? { force: true } : {}),
  };
  const reserve = () =>
    deps.slots.reserve(async () =>
      db.transaction(async (tx) => {
        await refuseOpen(tx);
        const promotion = await store.insertInProgress(tx, newRecord(promotionId, null));
        const jobId = await jobs.enqueue(tx, PROMOTION_JOB, { ...data }, { requestedBy: caller.email, promotionId });
        await store.update(tx, promotionId, { jobId });
        await audit.record(tx, {
          actor: caller.email,
          action: 'PROMOTION_STARTED',
          promotionId,
          toStatus: 'IN_PROGRESS',
          details: {
            devPackageId: req.devPackageId,
            packageVersion: req.packageVersion,
            components: req.components.length,
            jobId,
            ...(req.force ? { force: true } : {}),
          },
        });
        return { promotion: { ...promotion, jobId }, jobId };
      }),
    );
  try {
    return await reserve();
  } catch (e) {
    // Lost the race on the database's one-running index: name the winner, as the early check does.
    if (e instanceof AppError && e.code === 'PROMOTION_IN_PROGRESS' && !e.fields) {
      const running = (await store.openWithComponents(req.devAccountId)).find(
        (o) => o.promotion.status === 'IN_PROGRESS',
      );
      if (running) throw blockerError({ promotion: running.promotion, sharedComponentIds: [] }, req.devAccountId);
    }
    throw e;
  }
}
