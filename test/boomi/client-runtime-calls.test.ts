import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoomiClient } from '../../src/boomi/boomi-client.ts';
import { q } from '../../src/boomi/query.ts';
import { isAppError } from '../../src/platform/errors.ts';
import { runtimeValidator, type RuntimeSchemaName } from '../helpers/boomi-runtime-schemas.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { json, scriptedFetch, type Step } from './helpers/scripted-fetch.ts';

// The runtime calls of the client (Atom, EnvironmentAtomAttachment, ProcessSchedules,
// ProcessScheduleStatus, changeListenerStatus, ListenerStatus): the requests they send, checked
// against the shapes Boomi documents (the OpenAPI subset does not cover these objects), and how
// they read Boomi's answers, variants included.

const ROOT = '/partner/api/rest/v1/acme-PRIMARY';
const ATOM = '3a1f0c5e-8d2b-4c7a-9e61-5b0d2f4a7c19';
const PROCESS = '9c4e2a7b-1f3d-4b8e-a6c5-0d7f3e2b1a94';
const SCHEDULE_ID = 'Q1BTOmF0b206cHJvY2Vzcw';
const TIMES = { years: '*', months: '*', daysOfMonth: '*', daysOfWeek: '2,3,4,5,6', hours: '8-18', minutes: '0-59/15' };

function setup(steps: Step[]) {
  const clock = new FakeClock(0, true);
  const script = scriptedFetch(steps);
  const client = createBoomiClient(
    {
      baseUrl: 'https://boomi.test',
      accountId: 'acme-PRIMARY',
      user: 'BOOMI_TOKEN.promo@acme.example',
      token: 't',
      polling: { async: { intervalMs: 500, timeoutMs: 5000 } },
    },
    { clock, fetch: script.fetch, random: () => 0.5, rateLimiter: { acquire: async () => {} } },
  );
  const sent = () => script.requests.map((r) => `${r.method} ${r.url.pathname.replace(ROOT, '')}${r.url.search}`);
  const body = (i: number) => JSON.parse(script.requests[i]!.body!) as unknown;
  return { client, clock, script, sent, body };
}

const validate = runtimeValidator();
function assertShape(name: RuntimeSchemaName, value: unknown) {
  assert.equal(validate(name, value), null, `${name}: ${JSON.stringify(value)}`);
}

const atom = { '@type': 'Atom', id: ATOM, name: 'Plant Atom', status: 'ONLINE', type: 'ATOM', purgeHistoryDays: 30 };
const queryResult = (...result: unknown[]) =>
  json(200, { '@type': 'QueryResult', numberOfResults: result.length, result });
const scheduleRow = { '@type': 'ProcessSchedules', id: SCHEDULE_ID, atomId: ATOM, processId: PROCESS, Schedule: [] };

describe('runtime calls: what the client sends', () => {
  it('queries and reads atoms; the query body is a documented Atom QueryConfig', async () => {
    const { client, sent, body } = setup([queryResult(atom), json(200, atom)]);
    const rows = await client.atoms.query(q.and(q.eq('status', 'ONLINE'), q.eq('hostname', 'plant-01')));
    const one = await client.atoms.get(ATOM);
    assert.deepEqual(sent(), ['POST /Atom/query', `GET /Atom/${ATOM}`]);
    assertShape('AtomQueryConfig', body(0));
    assert.deepEqual([rows[0]!.status, one.purgeHistoryDays], ['ONLINE', 30]);
  });

  it('queries, attaches and detaches environment runtimes', async () => {
    const attachment = { '@type': 'EnvironmentAtomAttachment', id: 'RUFBOng', atomId: ATOM, environmentId: 'env-1' };
    const { client, sent, body, script } = setup([
      queryResult(attachment),
      json(200, attachment),
      new Response('true', { status: 200, headers: { 'content-type': 'application/json' } }),
      json(404, { '@type': 'Error', message: 'gone' }),
    ]);
    const rows = await client.environmentAtomAttachments.query(q.eq('environmentId', 'env-1'));
    const made = await client.environmentAtomAttachments.attach(ATOM, 'env-1');
    assert.equal(await client.environmentAtomAttachments.detach(made.id), true);
    assert.equal(await client.environmentAtomAttachments.detach(made.id), false);
    assert.deepEqual(sent(), [
      'POST /EnvironmentAtomAttachment/query',
      'POST /EnvironmentAtomAttachment',
      'DELETE /EnvironmentAtomAttachment/RUFBOng',
      'DELETE /EnvironmentAtomAttachment/RUFBOng',
    ]);
    assertShape('EnvironmentAtomAttachmentQueryConfig', body(0));
    assertShape('EnvironmentAtomAttachment', body(1));
    assert.equal(rows[0]!.atomId, ATOM);
    assert.equal(script.requests[2]!.body, undefined);
  });

  it('reads and replaces process schedules; the update repeats id, atomId and processId', async () => {
    const { client, sent, body } = setup([
      queryResult(scheduleRow),
      json(200, scheduleRow),
      json(200, {
        ...scheduleRow,
        Schedule: [TIMES],
        Retry: { '@type': 'ScheduleRetry', Schedule: [TIMES], maxRetry: 2 },
      }),
      json(200, { ...scheduleRow, Schedule: { '@type': 'Schedule', ...TIMES } }),
    ]);
    const found = await client.processSchedules.find(ATOM, PROCESS);
    assert.equal(found?.id, SCHEDULE_ID);
    await client.processSchedules.get(SCHEDULE_ID);
    const updated = await client.processSchedules.update({
      id: SCHEDULE_ID,
      atomId: ATOM,
      processId: PROCESS,
      schedules: [TIMES],
      retry: { maxRetry: 2, schedules: [TIMES] },
    });
    const single = await client.processSchedules.update({
      id: SCHEDULE_ID,
      atomId: ATOM,
      processId: PROCESS,
      schedules: [TIMES],
    });
    assert.deepEqual(sent(), [
      'POST /ProcessSchedules/query',
      `GET /ProcessSchedules/${SCHEDULE_ID}`,
      `POST /ProcessSchedules/${SCHEDULE_ID}`,
      `POST /ProcessSchedules/${SCHEDULE_ID}`,
    ]);
    assertShape('ProcessSchedulesQueryConfig', body(0));
    assertShape('ProcessSchedules', body(2));
    assert.deepEqual(body(3), { id: SCHEDULE_ID, atomId: ATOM, processId: PROCESS, Schedule: [TIMES] });
    assert.equal(updated.Retry?.maxRetry, 2);
    // A one-element list may come back as a bare object; the client reads a list.
    assert.deepEqual(single.Schedule.length, 1);
  });

  it('stops and resumes schedules; `enabled` may arrive as text', async () => {
    const status = { '@type': 'ProcessScheduleStatus', id: SCHEDULE_ID, atomId: ATOM, processId: PROCESS };
    const { client, sent, body } = setup([
      queryResult({ ...status, enabled: 'true' }),
      json(200, { ...status, enabled: false }),
      json(200, { ...status, enabled: 'false' }),
    ]);
    const found = await client.processScheduleStatus.find(ATOM, PROCESS);
    assert.equal(found?.enabled, true);
    const stopped = await client.processScheduleStatus.update({
      id: SCHEDULE_ID,
      atomId: ATOM,
      processId: PROCESS,
      enabled: false,
    });
    assert.equal((await client.processScheduleStatus.get(SCHEDULE_ID)).enabled, false);
    assert.deepEqual(sent(), [
      'POST /ProcessScheduleStatus/query',
      `POST /ProcessScheduleStatus/${SCHEDULE_ID}`,
      `GET /ProcessScheduleStatus/${SCHEDULE_ID}`,
    ]);
    assertShape('ProcessScheduleStatus', body(1));
    assert.equal(stopped.enabled, false);
  });

  it('changes listener status: one listener by id, or every listener of the runtime with *_all', async () => {
    const empty = () => new Response(null, { status: 200 });
    const { client, sent, body } = setup([empty(), empty(), new Response(null, { status: 204 })]);
    await client.listeners.changeStatus({ containerId: ATOM, listenerId: PROCESS, action: 'pause' });
    await client.listeners.changeStatus({ containerId: ATOM, action: 'resume' });
    await client.listeners.changeStatus({ containerId: ATOM, action: 'restart' });
    // The path is lower-case: Boomi's paths are case-sensitive.
    assert.deepEqual(sent(), [
      'POST /changeListenerStatus',
      'POST /changeListenerStatus',
      'POST /changeListenerStatus',
    ]);
    assert.deepEqual(body(0), { containerId: ATOM, listenerId: PROCESS, action: 'pause' });
    assert.deepEqual(body(1), { containerId: ATOM, action: 'resume_all' });
    assert.deepEqual(body(2), { containerId: ATOM, action: 'restart_all' });
    for (const i of [0, 1, 2]) assertShape('ChangeListenerStatusRequest', body(i));
  });

  it('reads listener status: QUERY for a token, then GET the result, waiting while Boomi answers 202', async () => {
    const token = 'ListenerStatus-2b7e1c4d-9a3f-4e8b-b1d6-7c5a0e9f3b28';
    const responses: Step[] = [
      json(200, {
        '@type': 'AsyncOperationTokenResult',
        asyncToken: { '@type': 'AsyncToken', token },
        responseStatusCode: 202,
      }),
      new Response(null, { status: 202 }),
      json(202, { '@type': 'AsyncOperationResult', responseStatusCode: 202 }),
      json(200, {
        '@type': 'AsyncOperationResult',
        numberOfResults: 1,
        responseStatusCode: 200,
        result: { '@type': 'ListenerStatus', listenerId: PROCESS, status: 'paused', connectorType: 'wss' },
      }),
    ];
    const { client, clock, sent, body } = setup(responses);
    const started = clock.now();
    const rows = await client.listeners.status({ containerId: ATOM, listenerId: PROCESS });
    assert.deepEqual(rows, [
      { '@type': 'ListenerStatus', listenerId: PROCESS, status: 'paused', connectorType: 'wss' },
    ]);
    assert.deepEqual(sent(), [
      'POST /async/ListenerStatus/query',
      `GET /async/ListenerStatus/response/${token}`,
      `GET /async/ListenerStatus/response/${token}`,
      `GET /async/ListenerStatus/response/${token}`,
    ]);
    assertShape('ListenerStatusQueryConfig', body(0));
    assert.equal(clock.now() - started, 1000);
  });

  it('listener status: a result Boomi no longer holds (204) or one never ready is an API_ERROR', async () => {
    const token = json(200, { asyncToken: { token: 'ListenerStatus-x' }, responseStatusCode: 202 });
    const gone = setup([token, new Response(null, { status: 204 })]);
    await assert.rejects(
      gone.client.listeners.status({ containerId: ATOM }),
      (e) => isAppError(e) && e.code === 'API_ERROR',
    );
    const pending = () => new Response(null, { status: 202 });
    const slow = setup([
      json(200, { asyncToken: { token: 'ListenerStatus-y' }, responseStatusCode: 202 }),
      ...Array.from({ length: 20 }, pending),
    ]);
    await assert.rejects(
      slow.client.listeners.status({ containerId: ATOM }, { intervalMs: 1000, timeoutMs: 3000 }),
      (e) => isAppError(e) && e.code === 'API_ERROR' && /not ready/.test(e.message),
    );
    // Reads at 0, 1, 2 and 3 s; the next would start after the 3 s deadline.
    assert.equal(slow.sent().length, 5);
    assertShape('ListenerStatusQueryConfig', slow.body(0));
  });
});

describe('runtime calls: reading answers in the shapes Boomi documents', () => {
  it('reads XML-flavoured JSON variants: booleans and numbers as text, single rows as objects', async () => {
    const loose = {
      id: ATOM,
      status: 'OFFLINE',
      purgeHistoryDays: '18',
      purgeImmediate: 'false',
      forceRestartTime: '9',
    };
    const { client } = setup([json(200, { '@type': 'QueryResult', numberOfResults: '1', result: loose })]);
    const [row] = await client.atoms.query(q.eq('status', 'OFFLINE'));
    assert.deepEqual([row!.purgeHistoryDays, row!.purgeImmediate, row!.forceRestartTime], [18, false, 9]);
  });

  it('a malformed answer is an API_ERROR naming the operation', async () => {
    const { client } = setup([json(200, { '@type': 'ProcessScheduleStatus', id: SCHEDULE_ID, enabled: 'maybe' })]);
    await assert.rejects(
      client.processScheduleStatus.get(SCHEDULE_ID),
      (e) => isAppError(e) && e.code === 'API_ERROR' && /ProcessScheduleStatus.get/.test(e.message),
    );
  });
});
