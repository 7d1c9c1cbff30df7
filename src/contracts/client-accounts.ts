import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';

// Client accounts: the customers' Boomi accounts that install the team's Integration Packs, each
// with the Test and Production environments whose extensions Promo manages (issue 13;
// 10-backend.md §7.12 ClientAccountConfig). The primary account is listed first as an account of
// its own, so the Extension Manager reaches the environments Promo deploys to as well.

export const ENVIRONMENT_ROLES = ['TEST', 'PROD'] as const;
export type EnvironmentRole = (typeof ENVIRONMENT_ROLES)[number];

export const ClientEnvironment = z.object({
  environmentId: z.string(),
  environmentName: z.string(),
  role: z.enum(ENVIRONMENT_ROLES),
});

export const ClientTeam = z.object({ ssoGroupId: z.string(), ssoGroupName: z.string() });

export const ClientAccount = z.object({
  clientAccountId: z.string(),
  clientAccountName: z.string(),
  /** The primary account itself: every contributor sees it, and it cannot be edited here. */
  isPrimary: z.boolean(),
  isActive: z.boolean(),
  environments: z.array(ClientEnvironment),
  /** The teams that may see it (empty for the primary account: everyone may). Admins only. */
  teams: z.array(ClientTeam),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  lastExtensionSyncAt: z.string().nullable(),
  lastExtensionSyncBy: z.string().nullable(),
});

export const listClientAccounts = defineContract({
  name: 'listClientAccounts',
  summary:
    'The accounts whose extensions the caller may manage: the primary account, then the active client accounts ' +
    "of the caller's teams (every one for admins). Environment names are refreshed from Boomi.",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ includeInactive: z.boolean().default(false) }),
  response: z.object({ clientAccounts: z.array(ClientAccount) }),
});

const Name = z.string().trim().min(1).max(LIMITS.name);
const TeamInput = z.strictObject({
  ssoGroupId: z.string().trim().min(1).max(LIMITS.groupName),
  ssoGroupName: z.string().trim().max(LIMITS.groupName).default(''),
});

export const CLIENT_ACCOUNT_OPERATIONS = ['upsert', 'deactivate', 'reactivate'] as const;

export const manageClientAccounts = defineContract({
  name: 'manageClientAccounts',
  summary:
    'Admin: add or edit a client account (its Boomi account id, name, Test and Production environments and the ' +
    'teams that may see it, checked against Boomi), deactivate or reactivate it.',
  minTier: 'ADMIN',
  refs: { clientAccountId: 'clientAccount' },
  request: z.discriminatedUnion('operation', [
    z.strictObject({
      operation: z.literal('upsert'),
      clientAccountId: Id,
      clientAccountName: Name,
      testEnvironmentId: Id,
      prodEnvironmentId: Id,
      teams: z.array(TeamInput).max(LIMITS.groups),
    }),
    z.strictObject({ operation: z.enum(['deactivate', 'reactivate']), clientAccountId: Id }),
  ]),
  response: z.object({ operation: z.string(), clientAccount: ClientAccount }),
});

// Integration Packs installed in client accounts (IntegrationPackInstance and
// IntegrationPackEnvironmentAttachment), and the version each environment runs.

export const PROPAGATION_STATES = ['CURRENT', 'PROPAGATING', 'NOT_ATTACHED', 'UNKNOWN'] as const;

export const PackEnvironment = z.object({
  environmentId: z.string(),
  environmentName: z.string(),
  role: z.enum(ENVIRONMENT_ROLES),
  attachmentId: z.string().nullable(),
  /** The pack version the environment runs, read from its deployments; null before any. */
  runningVersion: z.string().nullable(),
  /** CURRENT: runs the latest release; PROPAGATING: a newer release has not reached it yet. */
  propagation: z.enum(PROPAGATION_STATES),
});

export const InstalledPack = z.object({
  integrationPackInstanceId: z.string(),
  integrationPackId: z.string(),
  integrationPackName: z.string(),
  /** The newest version Promo released of this pack; null when none is known. */
  latestReleasedVersion: z.string().nullable(),
  installedVersion: z.string().nullable(),
  environments: z.array(PackEnvironment),
});

export const getClientPacks = defineContract({
  name: 'getClientPacks',
  summary: 'The Integration Packs installed in a client account and, per environment, the version it runs.',
  minTier: 'CONTRIBUTOR',
  refs: { clientAccountId: 'clientAccount' },
  request: z.strictObject({ clientAccountId: Id }),
  response: z.object({
    clientAccountId: z.string(),
    packs: z.array(InstalledPack),
    /** Production packs that can be installed here (released by the primary account, not installed yet). */
    installable: z.array(z.object({ integrationPackId: z.string(), integrationPackName: z.string() })),
  }),
});

export const manageClientPacks = defineContract({
  name: 'manageClientPacks',
  summary:
    'Admin: install a production pack into a client account, attach or detach an installed pack to one of its ' +
    'environments, or uninstall it. Every change is audited.',
  minTier: 'ADMIN',
  refs: { clientAccountId: 'clientAccount' },
  request: z.discriminatedUnion('operation', [
    z.strictObject({ operation: z.literal('install'), clientAccountId: Id, integrationPackId: Id }),
    z.strictObject({ operation: z.literal('uninstall'), clientAccountId: Id, integrationPackInstanceId: Id }),
    z.strictObject({
      operation: z.enum(['attach', 'detach']),
      clientAccountId: Id,
      integrationPackInstanceId: Id,
      environmentId: Id,
    }),
  ]),
  response: getClientPacks.response,
});
