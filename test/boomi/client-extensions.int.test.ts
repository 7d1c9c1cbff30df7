import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO, type Emulator } from '../../emulator/index.ts';
import { createBoomiClient, type BoomiClient } from '../../src/boomi/boomi-client.ts';
import { scriptFunctions } from '../../src/boomi/objects/map-extension.ts';
import { q } from '../../src/boomi/query.ts';
import { isAppError } from '../../src/platform/errors.ts';

// The extension and installed-pack calls of the client against the emulator on a loopback port:
// typed EnvironmentExtensions sections, map extensions with script functions, and a client account
// that installs a released pack, attaches it and receives the next release.

const CLIENT = DEMO.clientAccount.accountId;
const CLIENT_TEST = DEMO.clientAccount.environments.test.id;
const ORDERS_API = '08538b46-944d-5fa4-b23a-aa06298edf6e';
const as = { overrideAccount: CLIENT };

const processXml = (name: string) =>
  `<bns:Component xmlns:bns="http://api.platform.boomi.com/" name="${name}" type="process">` +
  `<bns:object><process xmlns=""><shapes/></process></bns:object></bns:Component>`;

describe('client extension and pack-instance calls against the emulator', () => {
  let emulator: Emulator;
  let client: BoomiClient;

  before(async () => {
    emulator = createEmulator({ rateLimit: null, stageTimings: { releaseMs: 50, propagationMs: 200 } });
    const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
    client = createBoomiClient({
      baseUrl: url,
      accountId: DEMO.primaryAccountId,
      user: DEMO.apiUser.basicUser,
      token: DEMO.apiUser.token,
      rateLimitPerSecond: 200,
      burst: 20,
      polling: { release: { intervalMs: 20, timeoutMs: 5000 } },
    });
  });
  after(() => emulator.close());

  it('reads every extension section typed and as lists; secrets only as encryptedValueSet', async () => {
    const ext = await client.environmentExtensions.get(DEMO.environments.test.id);
    const api = ext.connections?.connection.find((c) => c.id === ORDERS_API);
    const password = api?.field.find((f) => f.id === 'password');
    assert.equal(password?.encryptedValueSet, true);
    assert.equal(password?.value, undefined);
    assert.equal(ext.operations?.operation.length, 1);
    const values = (ext.processProperties?.ProcessProperty ?? []).flatMap((pp) => pp.ProcessPropertyValue);
    assert.deepEqual(
      values.map((v) => v.label),
      ['Batch Size', 'Notification Email', 'Callback URL', 'API Key'],
    );
    assert.equal(values.find((v) => v.label === 'API Key')?.encryptedValueSet, true);
    assert.deepEqual(
      ext.properties?.property.map((p) => p.name),
      ['ORDERS_BASE_URL', 'LOG_LEVEL'],
    );
    assert.equal(ext.crossReferences?.crossReference[0]?.CrossReferenceRows?.row.length, 2);
    assert.equal(ext.PGPCertificates?.PGPCertificate.length, 1);
    assert.deepEqual(ext.tradingPartners?.tradingPartner, []);
    assert.deepEqual(ext.sharedCommunications?.sharedCommunication, []);
  });

  it('a partial update through the client keeps what it does not send', async () => {
    const env = DEMO.clientAccount.environments.production.id;
    const ext = await client.environmentExtensions.update(
      env,
      { properties: { property: [{ name: 'ORDERS_BASE_URL', value: 'https://api.acme-retail.example/orders' }] } },
      as,
    );
    assert.deepEqual(
      ext.properties?.property.map((p) => [p.name, p.value]),
      [
        ['ORDERS_BASE_URL', 'https://api.acme-retail.example/orders'],
        ['LOG_LEVEL', 'INFO'],
      ],
    );
    assert.equal(ext.connections?.connection.length, 2);
  });

  it('finds map extensions, reads their script functions and replaces one', async () => {
    const summaries = await client.mapExtensionSummaries.query(q.eq('environmentId', DEMO.environments.production.id));
    assert.deepEqual(
      summaries.map((s) => s.id),
      [DEMO.mapExtensions.production.id],
    );
    assert.equal(summaries[0]?.SourceFieldSet?.BrowseField.length, 3);
    const doc = await client.mapExtensions.get(DEMO.mapExtensions.production.id);
    const [fn] = scriptFunctions(doc);
    assert.equal(fn?.script.language, 'GROOVY');
    assert.match(fn?.script.Script ?? '', /orderId/);
    fn!.script.Script = "result = 'EU-' + orderId";
    const updated = await client.mapExtensions.update(doc.id, doc);
    assert.equal(scriptFunctions(updated)[0]?.script.Script, "result = 'EU-' + orderId");
    // The same full document again: same state.
    assert.deepEqual(await client.mapExtensions.update(doc.id, doc), updated);
    await assert.rejects(
      client.mapExtensions.update(doc.id, { id: doc.id }),
      (e: unknown) => isAppError(e) && /Map is required/.test(e.message),
    );
  });

  it('installs a released pack in the client account, attaches it, and receives the next release', async () => {
    const created = await client.components.create(processXml('Client Pack Process'));
    const componentId = created.attributes.componentId!;
    const pack = await client.publisherIntegrationPacks.create({
      name: 'Client Pack',
      description: 'for the client',
      installationType: 'MULTI',
    });
    const release = async (version: string) => {
      await client.packagedComponents.create({ componentId, packageVersion: version, shareable: true });
      await client.publisherIntegrationPacks.addPackagedComponents(pack.id, [componentId]);
      const r = await client.releases.create({ packId: pack.id, components: [{ componentId, version }] });
      assert.equal((await client.releases.waitForCompletion(r.requestId)).releaseStatus, 'SUCCESS');
    };
    await release('1.0');
    const instance = await client.packInstances.create(
      { integrationPackId: pack.id, integrationPackOverrideName: 'Client Pack EU' },
      as,
    );
    assert.equal(instance.integrationPackOverrideName, 'Client Pack EU');
    assert.deepEqual(
      instance.ProcessId.map((p) => p.originalProcessId),
      [componentId],
    );
    assert.equal((await client.packInstances.get(instance.id, as)).integrationPackId, pack.id);
    assert.deepEqual(
      (await client.packInstances.query(q.eq('integrationPackId', pack.id), as)).map((i) => i.id),
      [instance.id],
    );
    const attachment = await client.packAttachments.create(
      { environmentId: CLIENT_TEST, integrationPackInstanceId: instance.id },
      as,
    );
    const attached = await client.packAttachments.query(q.eq('integrationPackInstanceId', instance.id), as);
    assert.deepEqual(
      attached.map((a) => a.environmentId),
      [CLIENT_TEST],
    );
    const running = () =>
      client.deployedPackages.query(
        q.and(q.eq('environmentId', CLIENT_TEST), q.eq('componentId', componentId), q.eq('active', 'true')),
        as,
      );
    assert.deepEqual(
      (await running()).map((d) => d.packageVersion),
      ['1.0'],
    );
    await release('2.0');
    const deadline = Date.now() + 5000;
    while ((await running())[0]?.packageVersion !== '2.0' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      (await running()).map((d) => d.packageVersion),
      ['2.0'],
    );
    assert.equal(await client.packAttachments.delete(attachment.id, as), true);
    assert.equal(await client.packInstances.delete(instance.id, as), true);
    await assert.rejects(client.packInstances.get(instance.id, as), isAppError);
  });

  it('refuses an overrideAccount outside the primary account tree', async () => {
    emulator.control.addFixture({
      accounts: [{ accountId: 'other-PRIMARY', name: 'Other', parentAccountId: null, rootFolderName: 'Other' }],
    });
    await assert.rejects(
      client.packInstances.query(q.eq('integrationPackId', 'x'), { overrideAccount: 'other-PRIMARY' }),
      (e: unknown) => isAppError(e),
    );
  });
});
