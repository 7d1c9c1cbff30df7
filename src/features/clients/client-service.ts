import type { z } from 'zod';
import type { ClientAccount, EnvironmentRole, manageClientAccounts } from '../../contracts/client-accounts.ts';
import { q, type BoomiClient, type Environment } from '../../boomi/index.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { teamGroups, type GroupNames } from '../accounts/tiers.ts';
import type { ClientAccountRow, ClientStore } from './client-store.ts';

type ClientAccountView = z.infer<typeof ClientAccount>;
type ManageRequest = z.output<typeof manageClientAccounts.request>;

/** Where an account's extensions live: the calls to make and the environments to offer. */
export interface AccountScope {
  clientAccountId: string;
  clientAccountName: string;
  isPrimary: boolean;
  /** Undefined for the primary account: calls run in it directly. */
  overrideAccount: string | undefined;
  environments: Array<{ environmentId: string; environmentName: string; role: EnvironmentRole }>;
}

export interface ClientService {
  list(caller: Caller, includeInactive: boolean): Promise<ClientAccountView[]>;
  manage(caller: Caller, req: ManageRequest): Promise<{ operation: string; clientAccount: ClientAccountView }>;
  /** The one door for `clientAccount` refs: the primary account, or an active one of the caller's teams. */
  canSee(caller: Caller, clientAccountId: string): Promise<boolean>;
  /** The account and its environments, for a caller who may see it (CLIENT_ACCOUNT_NOT_FOUND otherwise). */
  scope(caller: Caller, clientAccountId: string): Promise<AccountScope>;
  /** The same, without a caller: background work (cache refresh after a deployment). */
  scopeOf(clientAccountId: string): Promise<AccountScope | undefined>;
  /** Active client accounts (for the deployment's cache refresh). */
  active(): Promise<AccountScope[]>;
  markSynced(clientAccountId: string, by: string): Promise<void>;
}

const ENVIRONMENTS_TTL_MS = 30_000;

const roleOf = (classification: string | undefined): EnvironmentRole => (classification === 'TEST' ? 'TEST' : 'PROD');

export function createClientService(deps: {
  store: ClientStore;
  boomi: BoomiClient;
  db: Transactor;
  audit: AuditLog;
  groups: GroupNames;
  primaryAccountId: string;
  primaryAccountName?: string;
  clock: Clock;
}): ClientService {
  const { store, boomi, primaryAccountId } = deps;

  const visibleTo = (caller: Caller, row: ClientAccountRow) => {
    if (caller.tier === 'ADMIN') return true;
    if (caller.tier !== 'CONTRIBUTOR' || !row.isActive) return false;
    const teams = new Set(teamGroups(caller.groups, deps.groups).map((g) => g.toLowerCase()));
    return row.teams.some((t) => teams.has(t.ssoGroupId.toLowerCase()));
  };

  // Environments change rarely and every extension call needs the list: one Boomi query per
  // half minute, not one per page load (that would double what a page costs in Boomi calls).
  let primaryEnvironments: { at: number; list: Promise<Environment[]> } | undefined;
  const environmentsOfPrimary = () => {
    const now = deps.clock.now();
    if (!primaryEnvironments || now - primaryEnvironments.at > ENVIRONMENTS_TTL_MS) {
      const list = boomi.environments.query(q.isNotNull('id'));
      primaryEnvironments = { at: now, list };
      list.catch(() => (primaryEnvironments = undefined));
    }
    return primaryEnvironments.list;
  };

  const primaryScope = async (): Promise<AccountScope> => {
    const environments = (await environmentsOfPrimary())
      .map((e) => ({ environmentId: e.id, environmentName: e.name ?? e.id, role: roleOf(e.classification) }))
      .sort((a, b) => a.role.localeCompare(b.role) || a.environmentName.localeCompare(b.environmentName));
    return {
      clientAccountId: primaryAccountId,
      clientAccountName: deps.primaryAccountName ?? 'Primary account',
      isPrimary: true,
      overrideAccount: undefined,
      environments,
    };
  };

  const clientScope = (row: ClientAccountRow): AccountScope => ({
    clientAccountId: row.clientAccountId,
    clientAccountName: row.clientAccountName,
    isPrimary: false,
    overrideAccount: row.clientAccountId,
    environments: [
      { environmentId: row.testEnvironmentId, environmentName: row.testEnvironmentName, role: 'TEST' },
      { environmentId: row.prodEnvironmentId, environmentName: row.prodEnvironmentName, role: 'PROD' },
    ],
  });

  const view = (row: ClientAccountRow, env = clientScope(row).environments, teams = true): ClientAccountView => ({
    clientAccountId: row.clientAccountId,
    clientAccountName: row.clientAccountName,
    isPrimary: false,
    isActive: row.isActive,
    environments: env,
    teams: teams ? row.teams : [],
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    lastExtensionSyncAt: row.lastExtensionSyncAt?.toISOString() ?? null,
    lastExtensionSyncBy: row.lastExtensionSyncBy,
  });

  /** The account's environments as Boomi names them now; a refusal means Promo cannot act there. */
  const boomiEnvironments = async (clientAccountId: string) => {
    try {
      return await boomi.environments.query(q.isNotNull('id'), { overrideAccount: clientAccountId });
    } catch (e) {
      const status = isAppError(e) ? e.details?.['status'] : undefined;
      if (status === 403 || status === 404 || status === 400) {
        throw new AppError(
          'CLIENT_ACCOUNT_NOT_FOUND',
          `Boomi does not let the primary account work in account '${clientAccountId}': ${(e as Error).message}`,
          { details: { field: 'clientAccountId' } },
        );
      }
      throw e;
    }
  };

  const refreshedNames = async (row: ClientAccountRow) => {
    try {
      const names = new Map((await boomiEnvironments(row.clientAccountId)).map((e) => [e.id, e.name ?? e.id]));
      return clientScope(row).environments.map((e) => ({
        ...e,
        environmentName: names.get(e.environmentId) ?? e.environmentName,
      }));
    } catch (e) {
      if (isAppError(e)) return clientScope(row).environments;
      throw e;
    }
  };

  async function upsert(caller: Caller, req: Extract<ManageRequest, { operation: 'upsert' }>) {
    if (req.clientAccountId === primaryAccountId) {
      throw new AppError(
        'INVALID_REQUEST',
        'clientAccountId: that is the primary account, which Promo manages already',
        {
          details: { field: 'clientAccountId' },
        },
      );
    }
    if (req.testEnvironmentId === req.prodEnvironmentId) {
      throw new AppError('INVALID_REQUEST', 'prodEnvironmentId: Test and Production must be different environments', {
        details: { field: 'prodEnvironmentId' },
      });
    }
    const found = new Map((await boomiEnvironments(req.clientAccountId)).map((e) => [e.id, e]));
    const check = (field: 'testEnvironmentId' | 'prodEnvironmentId', role: EnvironmentRole) => {
      const env = found.get(req[field]);
      if (!env) {
        throw new AppError(
          'INVALID_REQUEST',
          `${field}: account '${req.clientAccountId}' has no environment '${req[field]}'`,
          {
            details: { field },
          },
        );
      }
      if (env.classification && roleOf(env.classification) !== role) {
        throw new AppError(
          'INVALID_REQUEST',
          `${field}: '${env.name ?? env.id}' is a ${env.classification} environment, not ${role === 'TEST' ? 'TEST' : 'PROD'}`,
          { details: { field } },
        );
      }
      return env.name ?? env.id;
    };
    const testName = check('testEnvironmentId', 'TEST');
    const prodName = check('prodEnvironmentId', 'PROD');
    const teams = [...new Map(req.teams.map((t) => [t.ssoGroupId.toLowerCase(), t])).values()].map((t) => ({
      ssoGroupId: t.ssoGroupId,
      ssoGroupName: t.ssoGroupName || t.ssoGroupId,
    }));
    const before = await store.get(req.clientAccountId);
    return deps.db.transaction(async (tx) => {
      const saved = await store.upsert(
        {
          clientAccountId: req.clientAccountId,
          clientAccountName: req.clientAccountName,
          testEnvironmentId: req.testEnvironmentId,
          testEnvironmentName: testName,
          prodEnvironmentId: req.prodEnvironmentId,
          prodEnvironmentName: prodName,
          teams,
          updatedBy: caller.email,
        },
        tx,
      );
      await deps.audit.record(tx, {
        actor: caller.email,
        action: before ? 'CLIENT_ACCOUNT_UPDATED' : 'CLIENT_ACCOUNT_ADDED',
        details: {
          clientAccountId: saved.clientAccountId,
          clientAccountName: saved.clientAccountName,
          testEnvironmentId: saved.testEnvironmentId,
          prodEnvironmentId: saved.prodEnvironmentId,
          teams: saved.teams.map((t) => t.ssoGroupId),
          ...(before ? { previousTeams: before.teams.map((t) => t.ssoGroupId) } : {}),
        },
      });
      return saved;
    });
  }

  const scopeOf = async (clientAccountId: string) => {
    if (clientAccountId === primaryAccountId) return primaryScope();
    const row = await store.get(clientAccountId);
    return row?.isActive ? clientScope(row) : undefined;
  };

  return {
    async list(caller, includeInactive) {
      const primary = await primaryScope();
      const rows = (await store.list({ includeInactive: includeInactive && caller.tier === 'ADMIN' })).filter((r) =>
        visibleTo(caller, r),
      );
      const clients = await Promise.all(
        rows.map(async (r) => view(r, await refreshedNames(r), caller.tier === 'ADMIN')),
      );
      return [
        {
          clientAccountId: primary.clientAccountId,
          clientAccountName: primary.clientAccountName,
          isPrimary: true,
          isActive: true,
          environments: primary.environments,
          teams: [],
          updatedAt: null,
          updatedBy: null,
          lastExtensionSyncAt: null,
          lastExtensionSyncBy: null,
        },
        ...clients,
      ];
    },
    async manage(caller, req) {
      if (req.operation === 'upsert') return { operation: 'upsert', clientAccount: view(await upsert(caller, req)) };
      const isActive = req.operation === 'reactivate';
      const saved = await deps.db.transaction(async (tx) => {
        const row = await store.setActive(req.clientAccountId, isActive, caller.email, tx);
        if (!row) throw new AppError('CLIENT_ACCOUNT_NOT_FOUND', `No client account '${req.clientAccountId}'`);
        await deps.audit.record(tx, {
          actor: caller.email,
          action: isActive ? 'CLIENT_ACCOUNT_REACTIVATED' : 'CLIENT_ACCOUNT_DEACTIVATED',
          details: { clientAccountId: row.clientAccountId, clientAccountName: row.clientAccountName },
        });
        return row;
      });
      return { operation: req.operation, clientAccount: view(saved) };
    },
    async canSee(caller, clientAccountId) {
      if (caller.tier === 'READONLY') return false;
      // Admins may name any account (to add one); an unknown one is CLIENT_ACCOUNT_NOT_FOUND below.
      if (clientAccountId === primaryAccountId || caller.tier === 'ADMIN') return true;
      const row = await store.get(clientAccountId);
      return !!row && visibleTo(caller, row);
    },
    async scope(caller, clientAccountId) {
      if (caller.tier !== 'READONLY') {
        if (clientAccountId === primaryAccountId) return primaryScope();
        // One read: the row says both whether it is active and whether the caller's teams see it.
        const row = await store.get(clientAccountId);
        if (row?.isActive && visibleTo(caller, row)) return clientScope(row);
      }
      throw new AppError('CLIENT_ACCOUNT_NOT_FOUND', `No active client account '${clientAccountId}'`);
    },
    scopeOf,
    async active() {
      return (await store.list({ includeInactive: false })).map(clientScope);
    },
    markSynced: (id, by) => store.markSynced(id, by),
  };
}
