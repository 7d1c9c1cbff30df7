import type { Tier } from '../../contracts/common.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AccountStore, DevAccountAccess, NewDevAccountAccess } from './account-store.ts';
import { teamGroups, type GroupNames } from './tiers.ts';
import { AppError } from '../../platform/errors.ts';

export interface DevAccount {
  accountId: string;
  accountName: string;
}

export interface AccountService {
  getDevAccounts(caller: Caller): Promise<{ effectiveTier: Tier; devAccounts: DevAccount[] }>;
  visibleAccounts(caller: Caller): Promise<DevAccount[]>;
  canSeeAccount(caller: Caller, devAccountId: string): Promise<boolean>;
  listAccess(filter: { devAccountId?: string | undefined; ssoGroupId?: string | undefined }): Promise<DevAccountAccess[]>;
  upsertAccess(caller: Caller, row: Omit<NewDevAccountAccess, 'updatedBy'>): Promise<DevAccountAccess>;
  deleteAccess(caller: Caller, key: { ssoGroupId: string; devAccountId: string }): Promise<DevAccountAccess | undefined>;
}

export function createAccountService(deps: { store: AccountStore; db: Transactor; audit: AuditLog; groups: GroupNames }): AccountService {
  const { store, db, audit, groups } = deps;

  async function visibleAccounts(caller: Caller): Promise<DevAccount[]> {
    if (caller.tier === 'READONLY') return [];
    const rows = caller.tier === 'ADMIN' ? await store.activeAccess() : await store.activeAccess(teamGroups(caller.groups, groups));
    // One entry per account; the first row's name wins (10-backend.md §2.1 step 5).
    const seen = new Map<string, DevAccount>();
    for (const r of rows) if (!seen.has(r.devAccountId)) seen.set(r.devAccountId, { accountId: r.devAccountId, accountName: r.devAccountName ?? '' });
    return [...seen.values()];
  }

  return {
    async getDevAccounts(caller) {
      if (caller.tier === 'READONLY') {
        throw new AppError('INSUFFICIENT_TIER', `Promo needs the ${groups.contributor} or ${groups.admin} group; you have neither.`);
      }
      return { effectiveTier: caller.tier, devAccounts: await visibleAccounts(caller) };
    },
    visibleAccounts,
    async canSeeAccount(caller, devAccountId) {
      return (await visibleAccounts(caller)).some((a) => a.accountId === devAccountId);
    },
    listAccess: (filter) => store.list(filter),
    upsertAccess: (caller, row) =>
      db.transaction(async (tx) => {
        const saved = await store.upsert({ ...row, updatedBy: caller.email }, tx);
        await audit.record(tx, { actor: caller.email, action: 'DEV_ACCOUNT_ACCESS_UPSERTED', details: { ...row } });
        return saved;
      }),
    deleteAccess: (caller, key) =>
      db.transaction(async (tx) => {
        const gone = await store.delete(key, tx);
        if (gone) await audit.record(tx, { actor: caller.email, action: 'DEV_ACCOUNT_ACCESS_DELETED', details: { ...key } });
        return gone;
      }),
  };
}
