import type { z } from 'zod';
import type { getClientPacks, manageClientPacks } from '../../contracts/client-accounts.ts';
import { TEST_PACK_SUFFIX } from '../../contracts/deployments.ts';
import { q, type BoomiClient, type PublisherIntegrationPack } from '../../boomi/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AccountScope, ClientService } from './client-service.ts';

type PacksView = z.input<typeof getClientPacks.response>;
type ManageRequest = z.output<typeof manageClientPacks.request>;

// Integration Packs in client accounts, the way Boomi delivers them: a client installs a
// production pack (IntegrationPackInstance) and attaches it to its environments
// (IntegrationPackEnvironmentAttachment); every later release of the pack then reaches those
// environments on Boomi's schedule. Promo shows where each environment stands by comparing what
// it runs (its deployed packages) with what the pack released last.

const released = (pack: PublisherIntegrationPack) =>
  (pack.PublisherPackagedComponents?.PublisherPackagedComponent ?? []).filter((c) => !c.deleted && c.currentVersion);

const versions = (vs: ReadonlyArray<string | undefined>) =>
  [...new Set(vs.filter((v): v is string => !!v))].sort().join(', ') || null;

export function createClientPacks(deps: {
  boomi: BoomiClient;
  db: Transactor;
  audit: AuditLog;
  clients: ClientService;
}) {
  const { boomi } = deps;

  const clientScope = async (caller: Caller, clientAccountId: string): Promise<AccountScope> => {
    const scope = await deps.clients.scope(caller, clientAccountId);
    if (scope.isPrimary) {
      throw new AppError(
        'INVALID_REQUEST',
        'clientAccountId: packs are installed in client accounts, not the primary one',
        {
          details: { field: 'clientAccountId' },
        },
      );
    }
    return scope;
  };

  async function view(scope: AccountScope): Promise<PacksView> {
    const opts = { overrideAccount: scope.overrideAccount };
    const [instances, attachments, publisherPacks] = await Promise.all([
      boomi.packInstances.query(q.isNotNull('id'), opts),
      boomi.packAttachments.query(q.isNotNull('environmentId'), opts),
      boomi.publisherIntegrationPacks.query(q.isNotNull('id')),
    ]);
    const production = publisherPacks.filter((p) => !(p.name ?? '').endsWith(TEST_PACK_SUFFIX));
    const deployed = new Map(
      await Promise.all(
        scope.environments.map(
          async (e) =>
            [
              e.environmentId,
              await boomi.deployedPackages.query(
                q.and(q.eq('environmentId', e.environmentId), q.eq('active', 'true')),
                opts,
              ),
            ] as const,
        ),
      ),
    );
    const packs = await Promise.all(
      instances.map(async (instance) => {
        const pack = instance.integrationPackId
          ? await boomi.publisherIntegrationPacks.get(instance.integrationPackId)
          : undefined;
        const components = pack ? released(pack) : [];
        const latest = new Map(components.map((c) => [c.componentId, c.currentVersion]));
        return {
          integrationPackInstanceId: instance.id,
          integrationPackId: instance.integrationPackId ?? '',
          integrationPackName:
            instance.integrationPackOverrideName ?? pack?.name ?? instance.integrationPackId ?? instance.id,
          latestReleasedVersion: versions(components.map((c) => c.currentVersion)),
          installedVersion: null,
          environments: scope.environments.map((e) => {
            const attachment = attachments.find(
              (a) => a.environmentId === e.environmentId && a.integrationPackInstanceId === instance.id,
            );
            const running = (deployed.get(e.environmentId) ?? []).filter(
              (d) => d.componentId && latest.has(d.componentId),
            );
            const current =
              latest.size > 0 &&
              [...latest].every(([id, v]) => running.some((d) => d.componentId === id && d.packageVersion === v));
            return {
              environmentId: e.environmentId,
              environmentName: e.environmentName,
              role: e.role,
              attachmentId: attachment?.id ?? null,
              runningVersion: versions(running.map((d) => d.packageVersion)),
              propagation: !attachment
                ? ('NOT_ATTACHED' as const)
                : current
                  ? ('CURRENT' as const)
                  : latest.size
                    ? ('PROPAGATING' as const)
                    : ('UNKNOWN' as const),
            };
          }),
        };
      }),
    );
    const installed = new Set(instances.map((i) => i.integrationPackId));
    // Only a released pack can be installed: read each candidate's components (a handful of packs).
    const candidates = await Promise.all(
      production
        .filter((p) => !installed.has(p.id))
        .map(async (p) => (released(p).length ? p : await boomi.publisherIntegrationPacks.get(p.id))),
    );
    return {
      clientAccountId: scope.clientAccountId,
      packs,
      installable: candidates
        .filter((p) => released(p).length > 0)
        .map((p) => ({ integrationPackId: p.id, integrationPackName: p.name ?? p.id })),
    };
  }

  const audit = (caller: Caller, action: string, details: Record<string, unknown>) =>
    deps.db.transaction((tx) => deps.audit.record(tx, { actor: caller.email, action, details }));

  return {
    async get(caller: Caller, clientAccountId: string) {
      return view(await clientScope(caller, clientAccountId));
    },

    async manage(caller: Caller, req: ManageRequest): Promise<PacksView> {
      const scope = await clientScope(caller, req.clientAccountId);
      const opts = { overrideAccount: scope.overrideAccount };
      const base = { clientAccountId: scope.clientAccountId, clientAccountName: scope.clientAccountName };
      if (req.operation === 'install') {
        const instance = await boomi.packInstances.create({ integrationPackId: req.integrationPackId }, opts);
        await audit(caller, 'CLIENT_PACK_INSTALLED', {
          ...base,
          integrationPackId: req.integrationPackId,
          integrationPackInstanceId: instance.id,
        });
        return view(scope);
      }
      const instance = (await boomi.packInstances.query(q.eq('id', req.integrationPackInstanceId), opts))[0];
      if (!instance) {
        throw new AppError(
          'PACK_NOT_INSTALLED',
          `${scope.clientAccountName} has no installed pack '${req.integrationPackInstanceId}'`,
          {
            details: { field: 'integrationPackInstanceId' },
          },
        );
      }
      if (req.operation === 'uninstall') {
        await boomi.packInstances.delete(instance.id, opts);
        await audit(caller, 'CLIENT_PACK_UNINSTALLED', {
          ...base,
          integrationPackId: instance.integrationPackId,
          integrationPackInstanceId: instance.id,
        });
        return view(scope);
      }
      const environment = scope.environments.find((e) => e.environmentId === req.environmentId);
      if (!environment) {
        throw new AppError(
          'INVALID_REQUEST',
          `environmentId: ${scope.clientAccountName} has no environment '${req.environmentId}'`,
          {
            details: { field: 'environmentId' },
          },
        );
      }
      const attached = (await boomi.packAttachments.query(q.eq('environmentId', environment.environmentId), opts)).find(
        (a) => a.integrationPackInstanceId === instance.id,
      );
      if (req.operation === 'attach' && !attached) {
        await boomi.packAttachments.create(
          { environmentId: environment.environmentId, integrationPackInstanceId: instance.id },
          opts,
        );
      } else if (req.operation === 'detach' && attached) {
        await boomi.packAttachments.delete(attached.id, opts);
      }
      if ((req.operation === 'attach') !== !!attached) {
        await audit(caller, req.operation === 'attach' ? 'CLIENT_PACK_ATTACHED' : 'CLIENT_PACK_DETACHED', {
          ...base,
          integrationPackInstanceId: instance.id,
          environmentId: environment.environmentId,
        });
      }
      return view(scope);
    },
  };
}

export type ClientPacks = ReturnType<typeof createClientPacks>;
