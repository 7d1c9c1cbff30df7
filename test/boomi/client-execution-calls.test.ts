import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoomiClient } from '../../src/boomi/boomi-client.ts';
import { isAppError } from '../../src/platform/errors.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { boomiError, json, scriptedFetch, type Step } from './helpers/scripted-fetch.ts';

// The client's process-run calls (ExecutionRequest, the ExecutionRecord poll): the requests it sends
// and how it reads Boomi's answers, including the `["Long", n]` numbers of Boomi's JSON.

const ROOT = '/partner/api/rest/v1/acme-PRIMARY';
const ATOM = '3a1f0c5e-8d2b-4c7a-9e61-5b0d2f4a7c19';
const PROCESS = '9c4e2a7b-1f3d-4b8e-a6c5-0d7f3e2b1a94';
const REQUEST = 'executionrecord-0b6d2c1e-4a5f-4e3b-9c8d-7f6e5d4c3b2a';

function setup(steps: Step[]) {
  const script = scriptedFetch(steps);
  const client = createBoomiClient(
    { baseUrl: 'https://boomi.test', accountId: 'acme-PRIMARY', user: 'BOOMI_TOKEN.promo@acme.example', token: 't' },
    { clock: new FakeClock(0, true), fetch: script.fetch, random: () => 0.5, rateLimiter: { acquire: async () => {} } },
  );
  const sent = () => script.requests.map((r) => `${r.method} ${r.url.pathname.replace(ROOT, '')}`);
  return { client, script, sent };
}

describe('process runs: ExecutionRequest and ExecutionRecord', () => {
  it('sends an ExecutionRequest with process properties and reads the requestId', async () => {
    const { client, script, sent } = setup([
      json(200, {
        '@type': 'ExecutionRequest',
        requestId: REQUEST,
        recordUrl: `https://x/ExecutionRecord/async/${REQUEST}`,
      }),
    ]);
    const res = await client.executions.request({
      atomId: ATOM,
      processId: PROCESS,
      processProperties: { 'prop-component': { mode: 'test' } },
    });
    assert.equal(res.requestId, REQUEST);
    assert.deepEqual(sent(), ['POST /ExecutionRequest']);
    assert.deepEqual(JSON.parse(script.requests[0]!.body!), {
      '@type': 'ExecutionRequest',
      atomId: ATOM,
      processId: PROCESS,
      ProcessProperties: {
        '@type': 'ExecutionRequestProcessProperties',
        ProcessProperty: [
          {
            '@type': '',
            componentId: 'prop-component',
            ProcessPropertyValue: [{ '@type': '', key: 'mode', value: 'test' }],
          },
        ],
      },
    });
  });

  it('reads 202 as "not recorded yet", then the record, longs written as ["Long", n] included', async () => {
    const { client, sent } = setup([
      new Response('', { status: 202 }),
      json(200, {
        '@type': 'QueryResult',
        numberOfResults: 1,
        result: [
          {
            '@type': 'ExecutionRecord',
            executionId: 'execution-1',
            status: 'COMPLETE_WARN',
            processId: PROCESS,
            atomId: ATOM,
            executionTime: '2026-03-02T10:00:01Z',
            inboundDocumentCount: 3,
            outboundDocumentCount: '2',
            executionDuration: ['Long', 4031],
          },
        ],
      }),
    ]);
    assert.equal(await client.executions.record(REQUEST), null);
    const record = await client.executions.record(REQUEST);
    assert.deepEqual(
      [record?.status, record?.executionDuration, record?.inboundDocumentCount, record?.outboundDocumentCount],
      ['COMPLETE_WARN', 4031, 3, 2],
    );
    assert.deepEqual(sent(), [`GET /ExecutionRecord/async/${REQUEST}`, `GET /ExecutionRecord/async/${REQUEST}`]);
  });

  it("a refused request is an API_ERROR carrying Boomi's message, and is not sent twice", async () => {
    const { client, sent } = setup([boomiError(400, 'Process is not deployed to the runtime.')]);
    const err = await client.executions.request({ atomId: ATOM, processId: PROCESS }).catch((e: unknown) => e);
    assert.ok(isAppError(err));
    assert.equal(err.code, 'API_ERROR');
    assert.equal(err.details?.['boomiMessage'], 'Process is not deployed to the runtime.');
    assert.deepEqual(sent(), ['POST /ExecutionRequest']);
  });
});
