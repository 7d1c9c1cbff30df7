import { z } from 'zod';
import { Groups, Id, LIMITS, TIERS, defineContract } from './common.ts';

export const DevAccount = z.object({ accountId: z.string(), accountName: z.string() });

export const getDevAccounts = defineContract({
  name: 'getDevAccounts',
  summary: "The caller's tier and the dev accounts they may work with (10-backend.md §2.1).",
  minTier: 'READONLY',
  request: z.strictObject({
    // Identity comes from authentication (D4); when sent it must match the caller's groups.
    userSsoGroups: Groups.optional(),
  }),
  response: z.object({
    effectiveTier: z.enum(TIERS),
    devAccounts: z.array(DevAccount),
  }),
});

export const DevAccountAccessRow = z.object({
  ssoGroupId: z.string(),
  ssoGroupName: z.string(),
  devAccountId: z.string(),
  devAccountName: z.string(),
  isActive: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});

const AccessKey = { ssoGroupId: z.string().trim().min(1).max(LIMITS.groupName), devAccountId: Id };

export const manageDevAccountAccess = defineContract({
  name: 'manageDevAccountAccess',
  summary: 'Admin: list, upsert or delete the rows that map team SSO groups to dev accounts.',
  minTier: 'ADMIN',
  request: z.discriminatedUnion('operation', [
    z.strictObject({
      operation: z.literal('list'),
      devAccountId: Id.optional(),
      ssoGroupId: z.string().max(LIMITS.groupName).optional(),
    }),
    z.strictObject({
      operation: z.literal('upsert'),
      ...AccessKey,
      ssoGroupName: z.string().trim().min(1).max(LIMITS.groupName),
      devAccountName: z.string().trim().max(LIMITS.name).default(''),
      isActive: z.boolean().default(true),
    }),
    z.strictObject({ operation: z.literal('delete'), ...AccessKey }),
  ]),
  response: z.object({ operation: z.string(), rows: z.array(DevAccountAccessRow), totalCount: z.number().int() }),
});
