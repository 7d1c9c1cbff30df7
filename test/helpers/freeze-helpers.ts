import assert from 'node:assert/strict';
import type { TestApp } from './test-app.ts';
import { promote, type Pkg } from './promotion-helpers.ts';
import { DEMO, type Emulator } from '../../emulator/index.ts';

/** A one-off freeze window from `fromMs` to `toMs` around now, set by carol. */
export async function freezeFor(t: TestApp, name: string, fromMs: number, toMs: number) {
  const res = await t.action(
    'setFreezeWindow',
    {
      kind: 'ONE_OFF',
      name,
      reason: 'test freeze',
      startsAt: new Date(Date.now() + fromMs).toISOString(),
      endsAt: new Date(Date.now() + toMs).toISOString(),
      timeZone: 'Europe/Berlin',
    },
    'carol',
  );
  assert.equal(res.body.success, true, JSON.stringify(res.body));
  return res.body.window as { windowId: string; endsAt: string; version: number };
}

/** Alice's hotfix of a package, peer-approved by bob: waiting for an admin (carol or dan). */
export async function waitingForAdmin(t: TestApp, pkg: Pkg = DEMO.packages.orderProcessingMain) {
  const promoted = await promote(t, pkg, 'alice');
  assert.equal(promoted.body.status, 'COMPLETED', JSON.stringify(promoted.body).slice(0, 300));
  const promotionId = promoted.body.promotionId as string;
  const submitted = await t.action(
    'submitForPeerReview',
    {
      promotionId,
      isHotfix: true,
      hotfixJustification: 'outage',
      packageVersion: '2.0.0',
      existingPackId: DEMO.packs.orders.id,
      targetEnvironments: [{ environmentId: DEMO.environments.production.id }],
    },
    'alice',
  );
  assert.equal(submitted.body.status, 'PENDING_PEER_REVIEW', JSON.stringify(submitted.body));
  const peer = await t.action('submitPeerReview', { promotionId, decision: 'APPROVED' }, 'bob');
  assert.equal(peer.body.newStatus, 'PENDING_ADMIN_REVIEW', JSON.stringify(peer.body));
  return promotionId;
}

export async function recordOf(t: TestApp, promotionId: string) {
  const res = await t.action('queryStatus', { promotionId }, 'alice');
  return (res.body.promotions as Array<Record<string, unknown>>)[0]!;
}

/** The packages the emulator holds deployed in the production environment. */
export function productionDeployments(emulator: Emulator): string[] {
  const primary = emulator.control.state().accounts[DEMO.primaryAccountId]!;
  return Object.values(primary.deployments)
    .filter((d) => d.environmentId === DEMO.environments.production.id && d.active)
    .map((d) => d.packageId);
}

export const approve = (t: TestApp, promotionId: string, extra: Record<string, unknown> = {}, as = 'carol') =>
  t.action('submitAdminReview', { promotionId, decision: 'APPROVED', hotfixAcknowledged: true, ...extra }, as);
