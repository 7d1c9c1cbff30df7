import assert from 'node:assert/strict';
import { DEMO } from '../../emulator/index.ts';
import { attr, componentXml, eq, where, type Client } from './helpers.ts';

// Shared by the runtime tests: the demo's runtimes, a schedule, and deploying a (listener) process.

export const BNS = 'http://api.platform.boomi.com/';
export const TEST_ENV = DEMO.environments.test.id;
export const TEST_ATOM = DEMO.runtimes.test.id;
export const PROD_ATOM = DEMO.runtimes.production.id;
export const SCHEDULE = {
  years: '*',
  months: '*',
  daysOfMonth: '*',
  daysOfWeek: '2,3,4,5,6',
  hours: '8-18',
  minutes: '0-59/15',
};

export const processXml = (listener: boolean) =>
  `<process xmlns=""><shapes><shape name="shape1" shapetype="start"><configuration>${
    listener ? '<connectoraction actionType="Listen" connectorType="wss"/>' : '<noaction/>'
  }</configuration></shape></shapes></process>`;

export interface Atom {
  id: string;
  name: string;
  status: string;
  type: string;
  hostName: string;
  purgeHistoryDays: number;
}
export interface Schedules {
  id: string;
  atomId: string;
  processId: string;
  Schedule: (typeof SCHEDULE)[];
  Retry?: { maxRetry: number; Schedule: (typeof SCHEDULE)[] };
}

/** Creates a process in the primary account and deploys it to an environment. */
export async function deploy(
  c: Client,
  name: string,
  opts: { listener?: boolean; listenerStatus?: string; env?: string } = {},
) {
  const proc = await c.xml('POST', 'Component', componentXml({ name, type: 'process' }, processXml(!!opts.listener)));
  const processId = attr(proc.body, 'componentId')!;
  const dep = await c.post<{ deploymentId: string; listenerStatus?: string }>('DeployedPackage', {
    environmentId: opts.env ?? TEST_ENV,
    componentId: processId,
    ...(opts.listenerStatus ? { listenerStatus: opts.listenerStatus } : {}),
  });
  assert.equal(dep.status, 200, dep.body);
  return { processId, deploymentId: dep.json.deploymentId, listenerStatus: dep.json.listenerStatus };
}

/** The listeners of a runtime, through Boomi's async query: a token, then the result. */
export async function listenerStatus(c: Client, containerId: string, listenerId?: string) {
  const filter = listenerId
    ? where(eq('containerId', containerId), eq('listenerId', listenerId))
    : where(eq('containerId', containerId));
  const token = await c.post<{ asyncToken: { token: string }; responseStatusCode: number }>(
    'async/ListenerStatus/query',
    filter,
  );
  assert.equal(token.status, 200, token.body);
  assert.equal(token.json.responseStatusCode, 202);
  const res = await c.get<{ result: { listenerId: string; status: string; connectorType: string }[] }>(
    `async/ListenerStatus/response/${token.json.asyncToken.token}`,
  );
  assert.equal(res.status, 200, res.body);
  return res.json.result;
}
