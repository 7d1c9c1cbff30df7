import { z } from 'zod';
import { getJson, postJson, seg, send, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { pollUntil, type PollOptions } from '../polling.ts';
import { decodeJson, zBool, zContainer, zInt, zList, zVersionText } from '../wire-json.ts';
import { AppError } from '../../platform/errors.ts';

export type InstallationType = 'SINGLE' | 'MULTI';

export const PublisherPackagedComponentSchema = z.looseObject({
  componentId: z.string(),
  componentName: z.string().optional(),
  componentType: z.string().optional(),
  /** Package version released in this pack now. */
  currentVersion: zVersionText.optional(),
  /** Package version the next release will carry. */
  pendingVersion: zVersionText.optional(),
  latestVersion: zVersionText.optional(),
  /** true: removed at the next release. */
  deleted: zBool.optional(),
});
export type PublisherPackagedComponent = z.output<typeof PublisherPackagedComponentSchema>;

export const PublisherIntegrationPackSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  installationType: z.string().optional(),
  /** Capital D, as Boomi spells it (§3.9.1). */
  Description: z.string().optional(),
  operationType: z.string().optional(),
  PublisherPackagedComponents: zContainer(
    z.looseObject({ PublisherPackagedComponent: zList(PublisherPackagedComponentSchema) }),
  ).optional(),
});
export type PublisherIntegrationPack = z.output<typeof PublisherIntegrationPackSchema>;
export type IntegrationPackProperty = 'name' | 'id' | 'installationType';

/** Installed/available packs (consumer side): never the packs this account publishes (pitfall 17). */
export const IntegrationPackSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  installationType: z.string().optional(),
  Description: z.string().optional(),
});
export type IntegrationPack = z.output<typeof IntegrationPackSchema>;

const ReleasePackagedComponentSchema = z.looseObject({
  componentId: z.string(),
  version: zVersionText.optional(),
  releasedVersion: zVersionText.optional(),
});

export const ReleaseIntegrationPackSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  installationType: z.string().optional(),
  releaseSchedule: z.string().optional(),
  releaseOnDate: z.string().optional(),
  requestId: z.string(),
  releaseStatusUrl: z.string().optional(),
  ReleasePackagedComponents: zContainer(
    z.looseObject({ ReleasePackagedComponent: zList(ReleasePackagedComponentSchema) }),
  ).optional(),
});
export type ReleaseIntegrationPack = z.output<typeof ReleaseIntegrationPackSchema>;

export const RELEASE_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'SCHEDULED', 'ERROR'] as const;
export type ReleaseStatusValue = (typeof RELEASE_STATUSES)[number];

export const ReleaseIntegrationPackStatusSchema = z.looseObject({
  requestId: z.string().optional(),
  integrationPackId: z.string().optional(),
  name: z.string().optional(),
  installationType: z.string().optional(),
  releaseSchedule: z.string().optional(),
  releaseOnDate: z.string().optional(),
  releaseStatus: z.enum(RELEASE_STATUSES),
  responseStatusCode: zInt.optional(),
  ReleasePackagedComponents: zContainer(
    z.looseObject({ ReleasePackagedComponent: zList(ReleasePackagedComponentSchema) }),
  ).optional(),
});
export type ReleaseIntegrationPackStatus = z.output<typeof ReleaseIntegrationPackStatusSchema>;

export interface NewPublisherIntegrationPack {
  name: string;
  description: string;
  installationType: InstallationType;
}

export interface NewRelease {
  /** The publisher integration pack id (not `integrationPackId`, §3.9.3). */
  packId: string;
  /** Every component of the pack with its package version (`packageVersion`, not the revision). */
  components: ReadonlyArray<{ componentId: string; version: string }>;
  /** `yyyy-MM-dd`: schedules the release instead of releasing now. */
  releaseOnDate?: string | undefined;
}

export interface PublisherIntegrationPackApi extends QueryMethods<IntegrationPackProperty, PublisherIntegrationPack> {
  create(input: NewPublisherIntegrationPack, opts?: CallOptions): Promise<PublisherIntegrationPack>;
  get(packId: string, opts?: CallOptions): Promise<PublisherIntegrationPack>;
  /** Raw UPDATE; `operationType` is mandatory on it (§3.9.2). */
  update(
    pack: PublisherIntegrationPack & { operationType: 'ADD' | 'DELETE'; Description: string },
    opts?: CallOptions,
  ): Promise<PublisherIntegrationPack>;
  /**
   * Adds packaged components to the pack by root `componentId` (each needs a shareable package).
   * Reads the pack first and sends its full component list plus the new ones, because Boomi's docs
   * also say an UPDATE drops components it does not list (§3.9.2).
   */
  addPackagedComponents(
    packId: string,
    componentIds: readonly string[],
    opts?: CallOptions,
  ): Promise<PublisherIntegrationPack>;
}

export interface IntegrationPackApi extends QueryMethods<IntegrationPackProperty, IntegrationPack> {
  get(packId: string, opts?: CallOptions): Promise<IntegrationPack>;
}

export interface ReleaseApi {
  /** `POST /ReleaseIntegrationPack`; keep the returned `requestId` to poll. */
  create(input: NewRelease, opts?: CallOptions): Promise<ReleaseIntegrationPack>;
  /** One read of the status; Boomi answers 202 while the release is in progress or scheduled. */
  status(requestId: string, opts?: CallOptions): Promise<ReleaseIntegrationPackStatus>;
  /** Polls until SUCCESS or ERROR (a scheduled release counts as finished only with `acceptScheduled`). */
  waitForCompletion(
    requestId: string,
    opts?: CallOptions & PollOptions & { acceptScheduled?: boolean },
  ): Promise<ReleaseIntegrationPackStatus>;
}

export function publisherIntegrationPackApi(ctx: ApiContext): PublisherIntegrationPackApi {
  const get = (packId: string, opts?: CallOptions) =>
    getJson(
      ctx,
      'PublisherIntegrationPack.get',
      `/PublisherIntegrationPack${seg(packId)}`,
      PublisherIntegrationPackSchema,
      opts,
    );
  const update: PublisherIntegrationPackApi['update'] = (pack, opts) =>
    postJson(
      ctx,
      'PublisherIntegrationPack.update',
      `/PublisherIntegrationPack${seg(pack.id)}`,
      pack,
      PublisherIntegrationPackSchema,
      opts,
      { idempotent: true },
    );
  return {
    ...queryMethods<IntegrationPackProperty, typeof PublisherIntegrationPackSchema>(
      ctx,
      'PublisherIntegrationPack',
      PublisherIntegrationPackSchema,
    ),
    get,
    update,
    create: (input, opts) =>
      postJson(
        ctx,
        'PublisherIntegrationPack.create',
        '/PublisherIntegrationPack',
        { name: input.name, Description: input.description, installationType: input.installationType },
        PublisherIntegrationPackSchema,
        opts,
        { idempotent: false },
      ),
    async addPackagedComponents(packId, componentIds, opts) {
      const current = await get(packId, opts);
      const existing = (current.PublisherPackagedComponents?.PublisherPackagedComponent ?? [])
        .filter((c) => !c.deleted)
        .map((c) => c.componentId);
      const all = [...new Set([...existing, ...componentIds])];
      return update(
        {
          id: packId,
          name: current.name,
          installationType: current.installationType,
          Description: current.Description ?? '',
          operationType: 'ADD',
          PublisherPackagedComponents: { PublisherPackagedComponent: all.map((componentId) => ({ componentId })) },
        },
        opts,
      );
    },
  };
}

export function integrationPackApi(ctx: ApiContext): IntegrationPackApi {
  return {
    ...queryMethods<IntegrationPackProperty, typeof IntegrationPackSchema>(
      ctx,
      'IntegrationPack',
      IntegrationPackSchema,
    ),
    get: (packId, opts) =>
      getJson(ctx, 'IntegrationPack.get', `/IntegrationPack${seg(packId)}`, IntegrationPackSchema, opts),
  };
}

export function releaseApi(ctx: ApiContext): ReleaseApi {
  async function status(requestId: string, opts?: CallOptions): Promise<ReleaseIntegrationPackStatus> {
    const res = await send(
      ctx,
      {
        operation: 'ReleaseIntegrationPackStatus.get',
        method: 'GET',
        path: `/ReleaseIntegrationPackStatus${seg(requestId)}`,
        accept: 'json',
        idempotent: true,
        okStatuses: [200, 202, 204],
      },
      opts,
    );
    // The body of a 202 is undocumented (§3.9.4); without one the release is still running.
    if (res.status !== 200 && !res.text.trim())
      return { requestId, releaseStatus: 'IN_PROGRESS', responseStatusCode: res.status };
    return decodeJson(res.text, ReleaseIntegrationPackStatusSchema, 'ReleaseIntegrationPackStatus.get');
  }
  return {
    status,
    create: (input, opts) =>
      postJson(
        ctx,
        'ReleaseIntegrationPack.create',
        '/ReleaseIntegrationPack',
        {
          id: input.packId,
          releaseSchedule: input.releaseOnDate ? 'RELEASE_ON_SPECIFIED_DATE' : 'IMMEDIATELY',
          ...(input.releaseOnDate ? { releaseOnDate: input.releaseOnDate } : {}),
          ReleasePackagedComponents: {
            ReleasePackagedComponent: input.components.map((c) => ({ componentId: c.componentId, version: c.version })),
          },
        },
        ReleaseIntegrationPackSchema,
        opts,
        { idempotent: false },
      ),
    waitForCompletion: (requestId, opts = {}) =>
      pollUntil(
        ctx.clock,
        () => status(requestId, opts),
        (s) =>
          s.releaseStatus === 'SUCCESS' ||
          s.releaseStatus === 'ERROR' ||
          (opts.acceptScheduled === true && s.releaseStatus === 'SCHEDULED'),
        {
          ...opts,
          defaults: ctx.polling.release,
          onTimeout: (last, waited) =>
            new AppError(
              'RELEASE_TIMEOUT',
              `Release ${requestId} still ${last.releaseStatus} after ${Math.round(waited / 1000)} s`,
              {
                details: { requestId, releaseStatus: last.releaseStatus, waitedMs: waited },
              },
            ),
        },
      ),
  };
}
