import type { EmulatorCore } from '../core/core.ts';
import { badRequest } from '../http/boomi-error.ts';
import { isoSeconds, newUuid } from '../state/ids.ts';
import type { AccountData, ReleaseRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { isRecord, oneOf, records, requiredStr, str } from './body.ts';
import type { ObjectDef, OpContext } from './object-def.ts';
import { requirePack } from './pack-objects.ts';
import { startPropagation } from './pack-propagation.ts';

// ReleaseIntegrationPack answers at once with a requestId and releaseStatusUrl; the release then
// runs in the background: ReleaseIntegrationPackStatus answers 202 (IN_PROGRESS or SCHEDULED)
// until it ends, then 200 with SUCCESS, or ERROR when a fault says so.

function componentsWire(r: ReleaseRecord, released: boolean): WireObject {
  return {
    '@type': 'ReleasePackagedComponents',
    ReleasePackagedComponent: r.components.map((c) => ({
      '@type': 'ReleasePackagedComponent',
      componentId: c.componentId,
      version: c.version,
      releasedVersion: released ? c.version : undefined,
    })),
  };
}

function readComponents(ctx: OpContext, packId: string): { componentId: string; version: string }[] {
  const { account } = ctx;
  const pack = requirePack(account, packId);
  const container = ctx.body['ReleasePackagedComponents'];
  const listed = isRecord(container) ? records(container['ReleasePackagedComponent']) : [];
  if (listed.length === 0) {
    // Without a list, release what the pack has pending.
    return pack.components
      .filter((pc) => !pc.deleted && pc.pendingVersion)
      .map((pc) => ({ componentId: pc.componentId, version: pc.pendingVersion }));
  }
  return listed.map((item) => {
    const componentId = requiredStr(item, 'componentId', 'ReleasePackagedComponent');
    const version = requiredStr(item, 'version', 'ReleasePackagedComponent');
    if (!pack.components.some((pc) => pc.componentId === componentId))
      throw badRequest(`Component ${componentId} is not in integration pack ${pack.name}.`);
    const pkg = Object.values(account.packages).find(
      (p) => p.componentId === componentId && p.packageVersion === version && !p.deleted,
    );
    if (!pkg) throw badRequest(`Packaged component version ${version} does not exist for component ${componentId}.`);
    return { componentId, version };
  });
}

function releaseSchedule(ctx: OpContext): {
  schedule: ReleaseRecord['releaseSchedule'];
  date: string | null;
  dueAt: number;
} {
  const schedule = oneOf(ctx.body, 'releaseSchedule', ['IMMEDIATELY', 'RELEASE_ON_SPECIFIED_DATE']);
  const releaseMs = ctx.core.settings.stageTimings.releaseMs;
  if (schedule === 'IMMEDIATELY') return { schedule, date: null, dueAt: ctx.now + releaseMs };
  const date = str(ctx.body, 'releaseOnDate') ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw badRequest('releaseOnDate is required for RELEASE_ON_SPECIFIED_DATE, formatted yyyy-MM-dd.');
  }
  return { schedule, date, dueAt: Math.max(Date.parse(`${date}T00:00:00Z`), ctx.now + releaseMs) };
}

function releaseWire(ctx: OpContext, r: ReleaseRecord): WireObject {
  const pack = ctx.account.packs[r.packId];
  return {
    '@type': 'ReleaseIntegrationPack',
    id: r.packId,
    name: pack?.name,
    installationType: pack?.installationType,
    releaseSchedule: r.releaseSchedule,
    releaseOnDate: r.releaseOnDate ?? undefined,
    requestId: r.requestId,
    releaseStatusUrl: `${ctx.baseUrl}/ReleaseIntegrationPackStatus/${r.requestId}`,
    ReleasePackagedComponents: componentsWire(r, false),
  };
}

export const releaseIntegrationPackObject: ObjectDef = {
  name: 'ReleaseIntegrationPack',
  create(ctx) {
    const packId = requiredStr(ctx.body, 'id', 'ReleaseIntegrationPack');
    const components = readComponents(ctx, packId);
    if (components.length === 0) throw badRequest('The integration pack has no packaged components to release.');
    const { schedule, date, dueAt } = releaseSchedule(ctx);
    const r: ReleaseRecord = {
      requestId: `release-${newUuid()}`,
      packId,
      releaseSchedule: schedule,
      releaseOnDate: date,
      components,
      status: schedule === 'IMMEDIATELY' ? 'IN_PROGRESS' : 'SCHEDULED',
      stageDueAt: dueAt,
      createdDate: isoSeconds(ctx.now),
      createdBy: ctx.user.userName,
    };
    ctx.account.releases[r.requestId] = r;
    ctx.core.state.pending.push({ kind: 'release', accountId: ctx.account.accountId, id: r.requestId });
    return { wire: releaseWire(ctx, r) };
  },
  update(ctx, packId) {
    // Changes the scheduled release of a pack (Boomi: only scheduled releases can be updated).
    const r = Object.values(ctx.account.releases).find((x) => x.packId === packId && x.status === 'SCHEDULED');
    if (!r) throw badRequest(`Integration pack ${packId} has no scheduled release.`);
    const { schedule, date, dueAt } = releaseSchedule(ctx);
    r.releaseSchedule = schedule;
    r.releaseOnDate = date;
    r.stageDueAt = dueAt;
    r.status = schedule === 'IMMEDIATELY' ? 'IN_PROGRESS' : 'SCHEDULED';
    const container = ctx.body['ReleasePackagedComponents'];
    if (isRecord(container) && records(container['ReleasePackagedComponent']).length)
      r.components = readComponents(ctx, packId);
    return { wire: releaseWire(ctx, r) };
  },
};

export const releaseIntegrationPackStatusObject: ObjectDef = {
  name: 'ReleaseIntegrationPackStatus',
  get(ctx, requestId) {
    const r = ctx.account.releases[requestId];
    if (!r) throw badRequest(`Invalid release request id: ${requestId}`);
    const pack = ctx.account.packs[r.packId];
    const done = r.status === 'SUCCESS' || r.status === 'ERROR';
    const code = r.status === 'SUCCESS' ? 200 : r.status === 'ERROR' ? 500 : 202;
    return {
      status: done ? 200 : 202,
      wire: {
        '@type': 'ReleaseIntegrationPackStatus',
        integrationPackId: r.packId,
        name: pack?.name,
        installationType: pack?.installationType,
        releaseSchedule: r.releaseSchedule,
        releaseOnDate: r.releaseOnDate ?? undefined,
        requestId: r.requestId,
        releaseStatus: r.status,
        responseStatusCode: code,
        ReleasePackagedComponents: componentsWire(r, r.status === 'SUCCESS'),
      },
    };
  },
};

/** Finishes a due release: SUCCESS moves pending versions to current and drops removed components. */
export function advanceRelease(core: EmulatorCore, account: AccountData, requestId: string, now: number): boolean {
  const r = account.releases[requestId];
  if (!r || r.status === 'SUCCESS' || r.status === 'ERROR') return true;
  if (now < r.stageDueAt) return false;
  const pack = account.packs[r.packId];
  if (!pack || core.faults.takeRelease(r.packId)) {
    r.status = 'ERROR';
    return true;
  }
  for (const rc of r.components) {
    const pc = pack.components.find((x) => x.componentId === rc.componentId);
    if (!pc) continue;
    pc.currentVersion = rc.version;
    if (pc.pendingVersion === rc.version) pc.pendingVersion = '';
  }
  pack.components = pack.components.filter((pc) => !pc.deleted);
  pack.releasedCount++;
  r.status = 'SUCCESS';
  startPropagation(core, account, pack, now);
  return true;
}
