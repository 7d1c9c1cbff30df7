import { z } from 'zod';
import { deleteObject, getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { zList } from '../wire-json.ts';

// The consumer side of integration packs (§3.9): IntegrationPackInstance installs a released pack
// into an account (usually a client sub-account, through overrideAccount) and
// IntegrationPackEnvironmentAttachment attaches an installed instance to an environment of that
// account. After a release, attached environments get the new version on Boomi's schedule.

export const IntegrationPackInstanceSchema = z.looseObject({
  id: z.string(),
  integrationPackId: z.string().optional(),
  /** Only multi-install packs take an override name (it tells their instances apart). */
  integrationPackOverrideName: z.string().optional(),
  ProcessId: zList(
    z.looseObject({
      originalProcessId: z.string().optional(),
      /** Multi-install packs only. */
      wrapperProcessId: z.string().optional(),
      name: z.string().optional(),
    }),
  ),
});
export type IntegrationPackInstance = z.output<typeof IntegrationPackInstanceSchema>;
export type IntegrationPackInstanceProperty = 'id' | 'integrationPackId' | 'integrationPackOverrideName';

export interface NewIntegrationPackInstance {
  integrationPackId: string;
  integrationPackOverrideName?: string | undefined;
}

export const IntegrationPackEnvironmentAttachmentSchema = z.looseObject({
  /** Conceptual id synthesized from the environment and instance ids. */
  id: z.string(),
  environmentId: z.string(),
  integrationPackInstanceId: z.string(),
});
export type IntegrationPackEnvironmentAttachment = z.output<typeof IntegrationPackEnvironmentAttachmentSchema>;
export type IntegrationPackEnvironmentAttachmentProperty = 'environmentId' | 'integrationPackInstanceId';

export interface PackInstanceApi extends QueryMethods<IntegrationPackInstanceProperty, IntegrationPackInstance> {
  /** Installs the pack; not retried (a second install of a multi-install pack is a second instance). */
  create(input: NewIntegrationPackInstance, opts?: CallOptions): Promise<IntegrationPackInstance>;
  get(instanceId: string, opts?: CallOptions): Promise<IntegrationPackInstance>;
  /** Uninstalls; false when it was already gone (404). */
  delete(instanceId: string, opts?: CallOptions): Promise<boolean>;
}

export interface PackAttachmentApi extends QueryMethods<
  IntegrationPackEnvironmentAttachmentProperty,
  IntegrationPackEnvironmentAttachment
> {
  create(
    input: { environmentId: string; integrationPackInstanceId: string },
    opts?: CallOptions,
  ): Promise<IntegrationPackEnvironmentAttachment>;
  /** Detaches by the attachment's id; false when it was already gone (404). */
  delete(attachmentId: string, opts?: CallOptions): Promise<boolean>;
}

export function packInstanceApi(ctx: ApiContext): PackInstanceApi {
  return {
    ...queryMethods<IntegrationPackInstanceProperty, typeof IntegrationPackInstanceSchema>(
      ctx,
      'IntegrationPackInstance',
      IntegrationPackInstanceSchema,
    ),
    create: (input, opts) =>
      postJson(
        ctx,
        'IntegrationPackInstance.create',
        '/IntegrationPackInstance',
        {
          integrationPackId: input.integrationPackId,
          ...(input.integrationPackOverrideName
            ? { integrationPackOverrideName: input.integrationPackOverrideName }
            : {}),
        },
        IntegrationPackInstanceSchema,
        opts,
        { idempotent: false },
      ),
    get: (instanceId, opts) =>
      getJson(
        ctx,
        'IntegrationPackInstance.get',
        `/IntegrationPackInstance${seg(instanceId)}`,
        IntegrationPackInstanceSchema,
        opts,
      ),
    delete: (instanceId, opts) =>
      deleteObject(ctx, 'IntegrationPackInstance.delete', `/IntegrationPackInstance${seg(instanceId)}`, opts),
  };
}

export function packAttachmentApi(ctx: ApiContext): PackAttachmentApi {
  return {
    ...queryMethods<IntegrationPackEnvironmentAttachmentProperty, typeof IntegrationPackEnvironmentAttachmentSchema>(
      ctx,
      'IntegrationPackEnvironmentAttachment',
      IntegrationPackEnvironmentAttachmentSchema,
    ),
    create: (input, opts) =>
      postJson(
        ctx,
        'IntegrationPackEnvironmentAttachment.create',
        '/IntegrationPackEnvironmentAttachment',
        { environmentId: input.environmentId, integrationPackInstanceId: input.integrationPackInstanceId },
        IntegrationPackEnvironmentAttachmentSchema,
        opts,
        // Attaching twice is refused, so a retried attach that had landed would look like a failure.
        { idempotent: false },
      ),
    delete: (attachmentId, opts) =>
      deleteObject(
        ctx,
        'IntegrationPackEnvironmentAttachment.delete',
        `/IntegrationPackEnvironmentAttachment${seg(attachmentId)}`,
        opts,
      ),
  };
}
