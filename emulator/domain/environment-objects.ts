import { BoomiError, MESSAGES, badRequest } from '../http/boomi-error.ts';
import { newUuid } from '../state/ids.ts';
import type { AccountData, EnvironmentRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { oneOf, requiredStr, str } from './body.ts';
import { extensionsWire, emptyExtensions, updateExtensions } from './extensions.ts';
import { isDescendant } from './model.ts';
import type { ObjectDef } from './object-def.ts';

// Environment (classification PROD | TEST), EnvironmentExtensions and Account.

const envWire = (e: EnvironmentRecord): WireObject => ({
  '@type': 'Environment',
  id: e.id,
  name: e.name,
  classification: e.classification,
});

function requireEnvironment(account: AccountData, id: string): EnvironmentRecord {
  const e = account.environments[id];
  if (!e) throw badRequest(`Invalid environment id: ${id}`);
  return e;
}

export function createEnvironment(
  account: AccountData,
  input: { id?: string; name: string; classification: 'PROD' | 'TEST' },
): EnvironmentRecord {
  if (Object.values(account.environments).some((e) => e.name === input.name))
    throw badRequest(`An environment named ${input.name} already exists.`);
  const env: EnvironmentRecord = { id: input.id ?? newUuid(), name: input.name, classification: input.classification };
  account.environments[env.id] = env;
  account.extensions[env.id] = emptyExtensions();
  return env;
}

export const environmentObject: ObjectDef = {
  name: 'Environment',
  get(ctx, id) {
    return { wire: envWire(requireEnvironment(ctx.account, id)) };
  },
  create(ctx) {
    const env = createEnvironment(ctx.account, {
      name: requiredStr(ctx.body, 'name', 'Environment').trim(),
      classification: oneOf(ctx.body, 'classification', ['PROD', 'TEST'], 'PROD'),
    });
    return { wire: envWire(env) };
  },
  update(ctx, id) {
    const env = requireEnvironment(ctx.account, id);
    const name = str(ctx.body, 'name')?.trim();
    if (name) env.name = name;
    return { wire: envWire(env) };
  },
  delete(ctx, id) {
    requireEnvironment(ctx.account, id);
    if (Object.values(ctx.account.deployments).some((d) => d.environmentId === id && d.active)) {
      throw badRequest(`Environment ${id} has deployed packages and cannot be deleted.`);
    }
    // Boomi: an environment with runtimes attached cannot be deleted.
    if (Object.values(ctx.account.atomAttachments).some((a) => a.environmentId === id))
      throw badRequest(`Environment ${id} has runtimes attached and cannot be deleted.`);
    delete ctx.account.environments[id];
    delete ctx.account.extensions[id];
    for (const [mid, m] of Object.entries(ctx.account.mapExtensions))
      if (m.environmentId === id) delete ctx.account.mapExtensions[mid];
    for (const [aid, a] of Object.entries(ctx.account.packAttachments))
      if (a.environmentId === id) delete ctx.account.packAttachments[aid];
    return { empty: true };
  },
  query: {
    properties: ['name', 'id', 'classification'],
    rows(ctx) {
      return Object.values(ctx.account.environments).map((e) => {
        const wire = envWire(e);
        return { fields: wire, wire };
      });
    },
  },
};

export const environmentExtensionsObject: ObjectDef = {
  name: 'EnvironmentExtensions',
  get(ctx, id) {
    requireEnvironment(ctx.account, id);
    return { wire: extensionsWire(id, ctx.account.extensions[id] ?? emptyExtensions()) };
  },
  update(ctx, id) {
    requireEnvironment(ctx.account, id);
    const bodyEnv = str(ctx.body, 'environmentId');
    if (bodyEnv && bodyEnv !== id) throw badRequest(`environmentId ${bodyEnv} does not match the id ${id} in the URL.`);
    const next = updateExtensions(ctx.account.extensions[id] ?? emptyExtensions(), ctx.body);
    ctx.account.extensions[id] = next;
    return { wire: extensionsWire(id, next) };
  },
  query: {
    properties: ['environmentId', 'extensionGroupId'],
    rows(ctx) {
      return Object.keys(ctx.account.environments).map((id) => {
        const wire = extensionsWire(id, ctx.account.extensions[id] ?? emptyExtensions());
        return { fields: { environmentId: id, extensionGroupId: '' }, wire };
      });
    },
  },
};

const license = (purchased: number, used: number) => ({ '@type': 'License', purchased, used });

function accountWire(a: AccountData): WireObject {
  return {
    '@type': 'Account',
    accountId: a.accountId,
    name: a.name,
    status: a.status,
    dateCreated: a.dateCreated,
    widgetAccount: false,
    supportAccess: false,
    supportLevel: 'standard',
    overDeployed: false,
    suggestionsEnabled: false,
    licensing: {
      '@type': 'Licensing',
      standard: license(100, 0),
      smallBusiness: license(0, 0),
      enterprise: license(20, 0),
      tradingPartner: license(0, 0),
      standardTest: license(100, 0),
      smallBusinessTest: license(0, 0),
      enterpriseTest: license(20, 0),
      tradingPartnerTest: license(0, 0),
    },
    molecule: { '@type': 'Molecule', purchased: 2, used: 0 },
  };
}

export const accountObject: ObjectDef = {
  name: 'Account',
  get(ctx, id) {
    const accounts = ctx.core.state.accounts;
    const target = accounts[id];
    // Only the account itself or accounts below it are visible.
    if (!target || !isDescendant(accounts, id, ctx.account.accountId)) throw new BoomiError(403, MESSAGES.forbidden);
    return { wire: accountWire(target) };
  },
  query: {
    properties: ['accountId', 'dateCreated', 'expirationDate', 'name', 'status', 'widgetAccount', 'overDeployed'],
    caseInsensitiveProperties: true,
    rows(ctx) {
      const accounts = ctx.core.state.accounts;
      // The sub-accounts of the account in the URL (or of the override account).
      return Object.values(accounts)
        .filter(
          (a) => a.accountId !== ctx.account.accountId && isDescendant(accounts, a.accountId, ctx.account.accountId),
        )
        .map((a) => {
          const wire = accountWire(a);
          return { fields: wire, wire };
        });
    },
  },
};
