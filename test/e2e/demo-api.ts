import assert from 'node:assert/strict';
import { DEMO, type DemoPackage } from '../../emulator/index.ts';

/**
 * The service's actions over HTTP as a demo user (HTTP Basic with the demo token), for browser
 * tests that set up state whose UI path is tested elsewhere (test/e2e/paths.e2e.test.ts).
 */
export function demoApi(url: string) {
  const auth = (first: string) => `Basic ${Buffer.from(`${first}@acme.example:demo-${first}`).toString('base64')}`;
  const call = async (action: string, body: unknown, as: string) => {
    const res = await fetch(`${url}/fs/PromotionService/${action}`, {
      method: 'POST',
      headers: { authorization: auth(as), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  const expect = (answer: Record<string, unknown>, field: string, value: string) => {
    assert.equal(answer[field], value, JSON.stringify(answer).slice(0, 400));
    return answer;
  };

  return {
    call,
    /** executePromotion of the package's whole tree; answers the COMPLETED promotion's id. */
    async promote(pkg: DemoPackage, as = 'alice'): Promise<string> {
      const tree = await call(
        'resolveDependencies',
        { devAccountId: pkg.accountId, rootComponentId: pkg.componentId },
        as,
      );
      const components = (tree.components as Array<Record<string, string>>).map((c) => ({
        devComponentId: c.devComponentId,
        name: c.name,
        type: c.type,
        folderFullPath: c.folderFullPath,
      }));
      const promoted = await call(
        'executePromotion',
        {
          devAccountId: pkg.accountId,
          devPackageId: pkg.packageId,
          packageVersion: pkg.packageVersion,
          rootComponentId: pkg.componentId,
          components,
        },
        as,
      );
      return expect(promoted, 'status', 'COMPLETED').promotionId as string;
    },
    async deployToTest(promotionId: string, pack: { existingPackId: string } | { newPackName: string }, as = 'alice') {
      const body = 'newPackName' in pack ? { createNewPack: true, ...pack } : pack;
      const answer = await call(
        'packageAndDeploy',
        { promotionId, deploymentTarget: 'TEST', packageVersion: '1.0.0-test', ...body },
        as,
      );
      expect(answer, 'status', 'TEST_DEPLOYED');
    },
    /** A production request from a test deployment; answers the new record's id. */
    async submitProduction(testId: string, extra: Record<string, unknown> = {}, as = 'alice'): Promise<string> {
      const answer = await call(
        'submitForPeerReview',
        { promotionId: testId, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id, ...extra },
        as,
      );
      return expect(answer, 'status', 'PENDING_PEER_REVIEW').promotionId as string;
    },
    /** An emergency hotfix straight from a COMPLETED promotion; answers its id. */
    async submitHotfix(promotionId: string, as = 'alice'): Promise<string> {
      const answer = await call(
        'submitForPeerReview',
        {
          promotionId,
          isHotfix: true,
          hotfixJustification: 'Orders stuck since the 09:00 release',
          packageVersion: '1.0.1',
          existingPackId: DEMO.packs.orders.id,
        },
        as,
      );
      return expect(answer, 'status', 'PENDING_PEER_REVIEW').promotionId as string;
    },
    /** An emergency hotfix taken all the way to DEPLOYED (its author, a peer, an admin); answers its id. */
    async hotfixToProduction(
      pkg: DemoPackage,
      packageVersion: string,
      who = { author: 'alice', peer: 'bob', admin: 'carol' },
    ) {
      const id = await this.promote(pkg, who.author);
      const submitted = await call(
        'submitForPeerReview',
        {
          promotionId: id,
          isHotfix: true,
          hotfixJustification: 'Release fix',
          packageVersion,
          existingPackId: DEMO.packs.orders.id,
        },
        who.author,
      );
      expect(submitted, 'status', 'PENDING_PEER_REVIEW');
      await call('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, who.peer);
      const approved = await call(
        'submitAdminReview',
        { promotionId: id, decision: 'APPROVED', hotfixAcknowledged: true },
        who.admin,
      );
      expect(approved, 'status', 'DEPLOYED');
      return id;
    },
    async peerApprove(promotionId: string, as = 'bob') {
      expect(
        await call('submitPeerReview', { promotionId, decision: 'APPROVED' }, as),
        'newStatus',
        'PENDING_ADMIN_REVIEW',
      );
    },
  };
}
