import type { Tier } from '../../contracts/common.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AccessCache } from './access-cache.ts';
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
  /**
   * The dev accounts a list query may return for the caller: undefined means every account (an
   * admin without a filter); a filter the caller may not see gives none.
   */
  accountsToList(caller: Caller, devAccountId?: string | undefined): Promise<string[] | undefined>;
  listAccess(filter: {
    devAccountId?: string | undefined;
    ssoGroupId?: string | undefined;
  }): Promise<DevAccountAccess[]>;
  upsertAccess(caller: Caller, row: Omit<NewDevAccountAccess, 'updatedBy'>): Promise<DevAccountAccess>;
  deleteAccess(
    caller: Caller,
    key: { ssoGroupId: string; devAccountId: string },
  ): Promise<DevAccountAccess | undefined>;
}

export function createAccountService(deps: {
  store: AccountStore;
  cache: AccessCache;
  db: Transactor;
  audit: AuditLog;
  groups: GroupNames;
}): AccountService {
  const { store, cache, db, audit, groups } = deps;

  async function visibleAccounts(caller: Caller): Promise<DevAccount[]> {
    if (caller.tier === 'READONLY') return [];
    const active = await cache.rows();
    const teams = new Set(teamGroups(caller.groups, groups).map((g) => g.toLowerCase()));
    const rows = caller.tier === 'ADMIN' ? active : active.filter((r) => teams.has(r.ssoGroupId.toLowerCase()));
    // One entry per account; the first row's name wins (10-backend.md §2.1 step 5).
    const seen = new Map<string, DevAccount>();
    for (const r of rows)
      if (!seen.has(r.devAccountId))
        seen.set(r.devAccountId, { accountId: r.devAccountId, accountName: r.devAccountName ?? '' });
    return [...seen.values()];
  }

  return {
    async getDevAccounts(caller) {
      if (caller.tier === 'READONLY') {
        throw new AppError(
          'INSUFFICIENT_TIER',
          `Promo needs the ${groups.contributor} or ${groups.admin} group; you have neither.`,
        );
      }
      return { effectiveTier: caller.tier, devAccounts: await visibleAccounts(caller) };
    },
    visibleAccounts,
    async accountsToList(caller, devAccountId) {
      const visible = caller.tier === 'ADMIN' ? undefined : (await visibleAccounts(caller)).map((a) => a.accountId);
      if (!devAccountId) return visible;
      return visible && !visible.includes(devAccountId) ? [] : [devAccountId];
    },
    async canSeeAccount(caller, devAccountId) {
      return (await visibleAccounts(caller)).some((a) => a.accountId === devAccountId);
    },
    listAccess: (filter) => store.list(filter),
    // Other replicas hear of a change through NOTIFY; this one drops its copy at once.
    async upsertAccess(caller, row) {
      const saved = await db.transaction(async (tx) => {
        const s = await store.upsert({ ...row, updatedBy: caller.email }, tx);
        await audit.record(tx, { actor: caller.email, action: 'DEV_ACCOUNT_ACCESS_UPSERTED', details: { ...row } });
        return s;
      });
      cache.invalidate();
      return saved;
    },
    async deleteAccess(caller, key) {
      const gone = await db.transaction(async (tx) => {
        const g = await store.delete(key, tx);
        if (g)
          await audit.record(tx, { actor: caller.email, action: 'DEV_ACCOUNT_ACCESS_DELETED', details: { ...key } });
        return g;
      });
      cache.invalidate();
      return gone;
    },
  };
}
