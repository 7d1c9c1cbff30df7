import { badRequest } from '../http/boomi-error.ts';
import { newUuid } from '../state/ids.ts';
import type { AccountData, PackComponentRecord, PackRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { isRecord, oneOf, records, requiredStr, str } from './body.ts';
import { headOn, isDescendant } from './model.ts';
import type { ObjectDef, OpContext } from './object-def.ts';

// Integration packs on the publisher side (PublisherIntegrationPack: create, add/remove packaged
// components by componentId) and as seen by installing accounts (IntegrationPack, read-only: it
// never lists packs of the account that published them).

export function latestShareable(account: AccountData, componentId: string): string {
  const pkgs = Object.values(account.packages).filter(
    (p) => p.componentId === componentId && p.shareable && !p.deleted,
  );
  return pkgs.length ? (pkgs[pkgs.length - 1] as (typeof pkgs)[number]).packageVersion : '';
}

function packComponentWire(account: AccountData, pc: PackComponentRecord): WireObject {
  const c = account.components[pc.componentId];
  const head = c ? (headOn(c, account.mainBranchId) ?? c.revisions[c.revisions.length - 1]) : undefined;
  return {
    '@type': 'PublisherPackagedComponent',
    componentId: pc.componentId,
    componentName: head?.name ?? '',
    componentType: c?.type ?? '',
    currentVersion: pc.currentVersion,
    pendingVersion: pc.pendingVersion,
    latestVersion: latestShareable(account, pc.componentId),
    deleted: pc.deleted,
  };
}

export function packWire(account: AccountData, p: PackRecord, operationType?: string): WireObject {
  return {
    '@type': 'PublisherIntegrationPack',
    id: p.id,
    name: p.name,
    installationType: p.installationType,
    operationType,
    Description: p.description,
    PublisherPackagedComponents: {
      '@type': 'PublisherPackagedComponents',
      PublisherPackagedComponent: p.components.map((pc) => packComponentWire(account, pc)),
    },
  };
}

export function requirePack(account: AccountData, id: string): PackRecord {
  const p = account.packs[id];
  if (!p) throw badRequest(`Invalid integration pack id: ${id}`);
  return p;
}

export function createPack(
  account: AccountData,
  input: { id?: string; name: string; description: string; installationType: 'SINGLE' | 'MULTI' },
): PackRecord {
  const pack: PackRecord = {
    id: input.id ?? newUuid(),
    name: input.name,
    description: input.description,
    installationType: input.installationType,
    components: [],
    releasedCount: 0,
  };
  account.packs[pack.id] = pack;
  return pack;
}

function description(ctx: OpContext): string {
  // `Description` is capitalised in Boomi's schema and required on CREATE and UPDATE.
  const d = ctx.body['Description'];
  if (d === undefined || d === null) throw badRequest('PublisherIntegrationPack: Description is required.');
  return isRecord(d) ? String(d['#text'] ?? '') : String(d);
}

function updatePack(ctx: OpContext, id: string) {
  const { account } = ctx;
  const pack = requirePack(account, id);
  const operationType = oneOf(ctx.body, 'operationType', ['ADD', 'DELETE']);
  pack.description = description(ctx);
  const name = str(ctx.body, 'name')?.trim();
  if (name && name !== pack.name) {
    if (pack.installationType !== 'SINGLE') throw badRequest('The name of a MULTI integration pack cannot be changed.');
    pack.name = name;
  }
  const listed = isRecord(ctx.body['PublisherPackagedComponents'])
    ? records(ctx.body['PublisherPackagedComponents']['PublisherPackagedComponent'])
    : [];
  for (const item of listed) {
    const componentId = str(item, 'componentId');
    if (!componentId) throw badRequest('PublisherPackagedComponent: componentId is required.');
    const existing = pack.components.find((pc) => pc.componentId === componentId);
    if (operationType === 'ADD') {
      const latest = latestShareable(account, componentId);
      if (!latest)
        throw badRequest(
          `Component ${componentId} has no shareable packaged component to add to the integration pack.`,
        );
      if (existing) {
        existing.pendingVersion = latest;
        existing.deleted = false;
      } else {
        pack.components.push({ componentId, currentVersion: '', pendingVersion: latest, deleted: false });
      }
    } else if (existing) {
      // Removal takes effect at the next release; a never-released component just goes.
      if (existing.currentVersion) existing.deleted = true;
      else pack.components = pack.components.filter((pc) => pc !== existing);
    } else {
      throw badRequest(`Component ${componentId} is not in integration pack ${pack.name}.`);
    }
  }
  return { wire: packWire(account, pack, operationType) };
}

export const publisherIntegrationPackObject: ObjectDef = {
  name: 'PublisherIntegrationPack',
  get(ctx, id) {
    return { wire: packWire(ctx.account, requirePack(ctx.account, id)) };
  },
  create(ctx) {
    const pack = createPack(ctx.account, {
      name: requiredStr(ctx.body, 'name', 'PublisherIntegrationPack').trim(),
      description: description(ctx),
      installationType: oneOf(ctx.body, 'installationType', ['SINGLE', 'MULTI'], 'SINGLE'),
    });
    return { wire: packWire(ctx.account, pack) };
  },
  update: updatePack,
  delete(ctx, id) {
    requirePack(ctx.account, id);
    delete ctx.account.packs[id];
    return { empty: true };
  },
  query: {
    properties: ['name', 'id', 'installationType'],
    rows(ctx) {
      return Object.values(ctx.account.packs).map((p) => {
        const wire = packWire(ctx.account, p);
        return { fields: wire, wire };
      });
    },
  },
};

/** Packs released by an ancestor (publisher) account, visible to the accounts below it. */
function installablePacks(ctx: OpContext): { wire: WireObject; id: string }[] {
  const out: { wire: WireObject; id: string }[] = [];
  for (const publisher of Object.values(ctx.core.state.accounts)) {
    if (
      publisher.accountId === ctx.account.accountId ||
      !isDescendant(ctx.core.state.accounts, ctx.account.accountId, publisher.accountId)
    )
      continue;
    for (const p of Object.values(publisher.packs)) {
      if (p.releasedCount === 0) continue;
      out.push({
        id: p.id,
        wire: {
          '@type': 'IntegrationPack',
          id: p.id,
          name: p.name,
          installationType: p.installationType,
          Description: p.description,
        },
      });
    }
  }
  return out;
}

export const integrationPackObject: ObjectDef = {
  name: 'IntegrationPack',
  get(ctx, id) {
    const found = installablePacks(ctx).find((p) => p.id === id);
    if (!found) throw badRequest(`Invalid integration pack id: ${id}`);
    return { wire: found.wire };
  },
  query: {
    properties: ['name', 'id', 'installationType'],
    rows(ctx) {
      return installablePacks(ctx).map((p) => ({ fields: p.wire, wire: p.wire }));
    },
  },
};

/** A pack an ancestor (publisher) account has released, as an installing account finds it. */
export function releasedPackFor(
  ctx: OpContext,
  packId: string,
): { publisher: AccountData; pack: PackRecord } | undefined {
  const accounts = ctx.core.state.accounts;
  for (const publisher of Object.values(accounts)) {
    const pack = publisher.packs[packId];
    if (!pack || pack.releasedCount === 0 || publisher.accountId === ctx.account.accountId) continue;
    if (isDescendant(accounts, ctx.account.accountId, publisher.accountId)) return { publisher, pack };
  }
  return undefined;
}
