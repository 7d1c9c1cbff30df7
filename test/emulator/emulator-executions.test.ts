import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { client, eq, testEmulator, where } from './helpers.ts';
import { BNS, PROD_ATOM, TEST_ATOM, deploy } from './runtime-helpers.ts';

// Issue 16 (test evidence): ExecutionRequest answers with a requestId and recordUrl; the record is
// polled at ExecutionRecord/async/{requestId} (202 until it exists, then a QueryResult) and found
// by POST ExecutionRecord/query. Outcomes are set per process by the control API or the fixture.

interface Record {
  '@type': string;
  executionId: string;
  account: string;
  executionTime: string;
  status: string;
  executionType: string;
  processName: string;
  processId: string;
  atomName: string;
  atomId: string;
  inboundDocumentCount: number;
  outboundDocumentCount: number;
  executionDuration: number;
  message?: string;
}

describe('ExecutionRequest and ExecutionRecord', () => {
  test('a run is 202 until its record exists, then INPROCESS, then COMPLETE with counts and duration', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    const emu = testEmulator({ now: () => now, stageTimings: { executionRecordMs: 1000 } });
    try {
      const c = client(emu);
      const { processId } = await deploy(c, 'Orders Test');
      emu.control.setExecutionOutcome(processId, {
        result: 'pass',
        durationMs: 4000,
        inboundDocumentCount: 3,
        outboundDocumentCount: 2,
      });
      const req = await c.post<{ '@type': string; requestId: string; recordUrl: string }>('ExecutionRequest', {
        '@type': 'ExecutionRequest',
        atomId: TEST_ATOM,
        processId,
        ProcessProperties: {
          '@type': 'ExecutionRequestProcessProperties',
          ProcessProperty: [{ componentId: processId, ProcessPropertyValue: [{ key: 'k', value: 'v' }] }],
        },
      });
      assert.equal(req.status, 200, req.body);
      assert.equal(req.json['@type'], 'ExecutionRequest');
      assert.match(req.json.requestId, /^executionrecord-[0-9a-f-]{36}$/);
      assert.ok(req.json.recordUrl.endsWith(`/ExecutionRecord/async/${req.json.requestId}`), req.json.recordUrl);

      const early = await c.get(`ExecutionRecord/async/${req.json.requestId}`);
      assert.deepEqual([early.status, early.body], [202, '']);

      now += 2000;
      const running = await c.get<{ '@type': string; result: Record[] }>(`ExecutionRecord/async/${req.json.requestId}`);
      assert.equal(running.status, 200, running.body);
      assert.equal(running.json['@type'], 'QueryResult');
      assert.equal(running.json.result[0]!.status, 'INPROCESS');

      now += 4000;
      const done = await c.get<{ result: Record[]; numberOfResults: number }>(
        `ExecutionRecord/async/${req.json.requestId}`,
      );
      const r = done.json.result[0]!;
      assert.equal(done.json.numberOfResults, 1);
      assert.deepEqual(
        { ...r, executionId: r.executionId.startsWith('execution-') },
        {
          '@type': 'ExecutionRecord',
          executionId: true,
          account: r.account,
          executionTime: '2026-03-02T10:00:01Z',
          status: 'COMPLETE',
          executionType: 'exec_manual',
          processName: 'Orders Test',
          processId,
          atomName: r.atomName,
          atomId: TEST_ATOM,
          inboundDocumentCount: 3,
          inboundErrorDocumentCount: 0,
          outboundDocumentCount: 2,
          executionDuration: 4000,
          topLevelExecutionId: r.executionId,
        },
      );

      // The same record in XML: element style, as in Boomi's object reference.
      const xml = await c.get(`ExecutionRecord/async/${req.json.requestId}`, { xml: true });
      assert.match(xml.body, new RegExp(`<bns:QueryResult xmlns:bns="${BNS}"`));
      assert.match(xml.body, /<bns:result xsi:type="ExecutionRecord">.*<bns:status>COMPLETE<\/bns:status>/);

      const found = await c.post<{ result: Record[] }>(
        'ExecutionRecord/query',
        where(eq('executionId', r.executionId)),
      );
      assert.equal(found.status, 200, found.body);
      assert.deepEqual(
        found.json.result.map((x) => x.processId),
        [processId],
      );
    } finally {
      await emu.close();
    }
  });

  test('a failing run ends ERROR with its message; a never-ending one stays INPROCESS', async () => {
    const emu = testEmulator({ stageTimings: { executionRecordMs: 0 } });
    try {
      const c = client(emu);
      const failing = await deploy(c, 'Failing Test');
      const endless = await deploy(c, 'Endless Test');
      emu.control.setExecutionOutcome(failing.processId, { result: 'fail', message: 'Assertion failed: 2 != 3' });
      emu.control.setExecutionOutcome(endless.processId, { result: 'never' });
      const run = async (processId: string) => {
        const req = await c.post<{ requestId: string }>(
          'ExecutionRequest',
          `<bns:ExecutionRequest xmlns:bns="${BNS}" atomId="${TEST_ATOM}" processId="${processId}"/>`,
          { xml: true, headers: { accept: 'application/json' } },
        );
        assert.equal(req.status, 200, req.body);
        return (await c.get<{ result: Record[] }>(`ExecutionRecord/async/${req.json.requestId}`)).json.result[0]!;
      };
      const failed = await run(failing.processId);
      assert.deepEqual([failed.status, failed.message], ['ERROR', 'Assertion failed: 2 != 3']);
      assert.equal((await run(endless.processId)).status, 'INPROCESS');
    } finally {
      await emu.close();
    }
  });

  test('refusals: not deployed where the runtime serves, an unknown runtime, a refusing process', async () => {
    const emu = testEmulator({
      stageTimings: { executionRecordMs: 0 },
    });
    try {
      const c = client(emu);
      const { processId } = await deploy(c, 'Only In Test');
      const before = emu.control.state();
      const notThere = await c.post('ExecutionRequest', { atomId: PROD_ATOM, processId });
      assert.equal(notThere.status, 400);
      assert.match(String(notThere.json['message']), /Only In Test .* is not deployed to an environment attached/);
      const noAtom = await c.post('ExecutionRequest', { atomId: 'no-such-atom', processId });
      assert.equal(noAtom.status, 400);
      const noProcess = await c.post('ExecutionRequest', { atomId: TEST_ATOM });
      assert.deepEqual(
        [noProcess.status, noProcess.json['message']],
        [400, 'ExecutionRequest: processId is required.'],
      );
      emu.control.setExecutionOutcome(processId, { result: 'refuse', message: 'The runtime is busy.' });
      const refused = await c.post(
        'ExecutionRequest',
        `<bns:ExecutionRequest xmlns:bns="${BNS}" atomId="${TEST_ATOM}" processId="${processId}"/>`,
        { xml: true },
      );
      assert.equal(refused.status, 400);
      assert.match(refused.body, /<message>The runtime is busy\.<\/message>/);
      // A refused request leaves nothing behind.
      assert.deepEqual(
        Object.values(emu.control.state().accounts).map((a) => Object.keys(a.executions ?? {}).length),
        Object.values(before.accounts).map(() => 0),
      );
      const unknown = await c.get('ExecutionRecord/async/executionrecord-unknown');
      assert.equal(unknown.status, 400);
    } finally {
      await emu.close();
    }
  });

  test('the control endpoint and the fixture set outcomes', async () => {
    const emu = testEmulator({ controlRoutes: true, stageTimings: { executionRecordMs: 0 } });
    try {
      const c = client(emu);
      const { processId } = await deploy(c, 'Controlled Test');
      const put = await emu.app.inject({
        method: 'PUT',
        url: `/__emulator/executions/${processId}`,
        payload: { result: 'fail', message: 'boom' },
      });
      assert.equal(put.statusCode, 200, put.body);
      const bad = await emu.app.inject({ method: 'PUT', url: `/__emulator/executions/${processId}`, payload: {} });
      assert.equal(bad.statusCode, 400);
      const req = await c.post<{ requestId: string }>('ExecutionRequest', { atomId: TEST_ATOM, processId });
      const rec = await c.get<{ result: Record[] }>(`ExecutionRecord/async/${req.json.requestId}`);
      assert.equal(rec.json.result[0]!.status, 'ERROR');
      const account = rec.json.result[0]!.account;
      emu.control.addFixture({ executionOutcomes: [{ accountId: account, processId, result: 'refuse' }] });
      const refused = await c.post('ExecutionRequest', { atomId: TEST_ATOM, processId });
      assert.equal(refused.status, 400);
      const cleared = await emu.app.inject({ method: 'DELETE', url: `/__emulator/executions/${processId}` });
      assert.equal(cleared.statusCode, 200);
      const again = await c.post('ExecutionRequest', { atomId: TEST_ATOM, processId });
      assert.equal(again.status, 200, again.body);
    } finally {
      await emu.close();
    }
  });
});
