import { badRequest } from '../http/boomi-error.ts';
import { newUuid, seededUuid } from '../state/ids.ts';
import type { AccountData, PackAttachmentRecord, PackInstanceRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { requiredStr, str } from './body.ts';
import { headOn } from './model.ts';
import type { ObjectDef, OpContext } from './object-def.ts';
import { releasedPackFor } from './pack-objects.ts';
import { attachedEnvironments, deployRelease, instancePack, undeployInstance } from './pack-propagation.ts';
import { conceptualId } from './runtime-model.ts';

// The consumer side of integration packs: IntegrationPackInstance installs a pack an ancestor
// account released (usually into a client sub-account through overrideAccount);
// IntegrationPackEnvironmentAttachment attaches an instance to an environment of the same account,
// which deploys the pack's released components there. Releases reach instances through
// pack-propagation.ts.

function instanceWire(ctx: OpContext, i: PackInstanceRecord): WireObject {
  const found = instancePack(ctx.core, i);
  const processes = (found?.pack.components ?? []).flatMap((pc) => {
    const c = found?.publisher.components[pc.componentId];
    if (!c || c.type !== 'process' || !pc.currentVersion) return [];
    return [
      {
        '@type': 'ProcessId',
        originalProcessId: pc.componentId,
        // Boomi generates wrapper processes for multi-install packs only.
        wrapperProcessId:
          found?.pack.installationType === 'MULTI' ? seededUuid(`wrapper:${i.id}:${pc.componentId}`) : undefined,
        name: headOn(c, (found as NonNullable<typeof found>).publisher.mainBranchId)?.name ?? '',
      },
    ];
  });
  return {
    '@type': 'IntegrationPackInstance',
    id: i.id,
    integrationPackId: i.integrationPackId,
    integrationPackOverrideName: i.overrideName ?? undefined,
    ProcessId: processes,
  };
}

function requireInstance(account: AccountData, id: string): PackInstanceRecord {
  const i = account.packInstances[id];
  if (!i) throw badRequest(`Invalid integration pack instance id: ${id}`);
  return i;
}

function install(ctx: OpContext): PackInstanceRecord {
  const packId = requiredStr(ctx.body, 'integrationPackId', 'IntegrationPackInstance');
  const found = releasedPackFor(ctx, packId);
  if (!found) throw badRequest(`Invalid integration pack id: ${packId}`);
  const { publisher, pack } = found;
  const overrideName = str(ctx.body, 'integrationPackOverrideName')?.trim() || null;
  const installed = Object.values(ctx.account.packInstances).filter((i) => i.integrationPackId === packId);
  if (pack.installationType === 'SINGLE') {
    if (overrideName)
      throw badRequest(
        'integrationPackOverrideName can be set only for integration packs that allow multiple installs.',
      );
    if (installed.length) throw badRequest(`Integration pack ${pack.name} is already installed in this account.`);
  } else if (installed.some((i) => (i.overrideName ?? pack.name) === (overrideName ?? pack.name))) {
    throw badRequest(
      `An instance of integration pack ${pack.name} named ${overrideName ?? pack.name} is already installed.`,
    );
  }
  const instance: PackInstanceRecord = {
    // Boomi's instance ids are 32 hex digits without dashes.
    id: newUuid().replace(/-/g, '').toUpperCase(),
    integrationPackId: packId,
    publisherAccountId: publisher.accountId,
    overrideName,
    deployedRelease: pack.releasedCount,
    propagation: null,
  };
  ctx.account.packInstances[instance.id] = instance;
  return instance;
}

export const integrationPackInstanceObject: ObjectDef = {
  name: 'IntegrationPackInstance',
  get(ctx, id) {
    return { wire: instanceWire(ctx, requireInstance(ctx.account, id)) };
  },
  create(ctx) {
    return { wire: instanceWire(ctx, install(ctx)) };
  },
  delete(ctx, id) {
    requireInstance(ctx.account, id);
    // Uninstalling detaches the instance everywhere and stops what it deployed.
    for (const [aid, a] of Object.entries(ctx.account.packAttachments))
      if (a.integrationPackInstanceId === id) delete ctx.account.packAttachments[aid];
    undeployInstance(ctx.account, id);
    delete ctx.account.packInstances[id];
    return { empty: true };
  },
  query: {
    properties: ['id', 'integrationPackId', 'integrationPackOverrideName'],
    rows(ctx) {
      return Object.values(ctx.account.packInstances).map((i) => {
        const wire = instanceWire(ctx, i);
        return {
          fields: {
            id: i.id,
            integrationPackId: i.integrationPackId,
            integrationPackOverrideName: i.overrideName ?? '',
          },
          wire,
        };
      });
    },
  },
};

const attachmentWire = (a: PackAttachmentRecord): WireObject => ({
  '@type': 'IntegrationPackEnvironmentAttachment',
  id: a.id,
  environmentId: a.environmentId,
  integrationPackInstanceId: a.integrationPackInstanceId,
});

export const integrationPackEnvironmentAttachmentObject: ObjectDef = {
  name: 'IntegrationPackEnvironmentAttachment',
  create(ctx) {
    const { account } = ctx;
    const environmentId = requiredStr(ctx.body, 'environmentId', 'IntegrationPackEnvironmentAttachment');
    const instanceId = requiredStr(ctx.body, 'integrationPackInstanceId', 'IntegrationPackEnvironmentAttachment');
    // Both must belong to the account the call runs against.
    if (!account.environments[environmentId]) throw badRequest(`Invalid environment id: ${environmentId}`);
    const instance = requireInstance(account, instanceId);
    if (attachedEnvironments(account, instanceId).includes(environmentId))
      throw badRequest(`Integration pack instance ${instanceId} is already attached to environment ${environmentId}.`);
    const a: PackAttachmentRecord = {
      id: conceptualId('IPEA', instanceId, environmentId),
      environmentId,
      integrationPackInstanceId: instanceId,
    };
    account.packAttachments[a.id] = a;
    deployRelease(ctx.core, account, instance, environmentId, 'COMPLETE', ctx.now);
    return { wire: attachmentWire(a) };
  },
  delete(ctx, id) {
    const a = ctx.account.packAttachments[id];
    if (!a) throw badRequest(`Invalid integration pack environment attachment id: ${id}`);
    undeployInstance(ctx.account, a.integrationPackInstanceId, a.environmentId);
    delete ctx.account.packAttachments[id];
    return { empty: true };
  },
  query: {
    properties: ['environmentId', 'integrationPackInstanceId'],
    rows(ctx) {
      return Object.values(ctx.account.packAttachments).map((a) => {
        const wire = attachmentWire(a);
        return { fields: wire, wire };
      });
    },
  },
};
