import { badRequest } from '../http/boomi-error.ts';
import type { AccountData, ProcessScheduleRecord, ScheduleRow } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { bool, int, isRecord, records, str, type Body } from './body.ts';
import {
  conceptualId,
  deployedProcess,
  deployedProcesses,
  listenerConnector,
  parseConceptualId,
  type DeployedProcess,
} from './runtime-model.ts';
import type { ObjectDef, OpContext, QueryRow } from './object-def.ts';

// ProcessSchedules (the run schedules of a deployed process on a runtime; UPDATE clears and
// replaces them) and ProcessScheduleStatus (whether they are in effect). Both exist for every
// process deployed to an environment a runtime is attached to, under the same conceptual id; one
// never written is empty and enabled.

const FIELDS: Array<[keyof ScheduleRow, number, number]> = [
  ['years', 1970, 9999],
  ['months', 1, 12],
  ['daysOfMonth', 1, 31],
  ['daysOfWeek', 1, 7],
  ['hours', 0, 23],
  ['minutes', 0, 59],
];

/** Boomi's Advanced (cron) syntax: `*`, numbers, ranges `a-b`, steps `/n`, lists with commas. */
function validField(value: string, min: number, max: number): boolean {
  const inRange = (n: string) => /^\d+$/.test(n) && Number(n) >= min && Number(n) <= max;
  return value.split(',').every((part) => {
    const [range = '', step, ...extra] = part.split('/');
    if (extra.length || (step !== undefined && !/^[1-9]\d*$/.test(step))) return false;
    if (range === '*') return true;
    const [from = '', to, ...rest] = range.split('-');
    return rest.length === 0 && inRange(from) && (to === undefined || (inRange(to) && Number(to) >= Number(from)));
  });
}

function readRows(container: Body): ScheduleRow[] {
  return records(container['Schedule']).map((r) => {
    const row = {} as ScheduleRow;
    for (const [key, min, max] of FIELDS) {
      const value = str(r, key)?.trim();
      if (!value) throw badRequest(`Schedule: ${key} is required.`);
      if (!validField(value, min, max)) throw badRequest(`Schedule: invalid value for ${key}: ${value}.`);
      row[key] = value;
    }
    return row;
  });
}

const rowWire = (r: ScheduleRow): WireObject => ({ '@type': 'Schedule', ...r });

function record(account: AccountData, p: DeployedProcess): ProcessScheduleRecord {
  const id = conceptualId('CPS', p.atomId, p.processId);
  return (
    account.schedules[id] ?? { atomId: p.atomId, processId: p.processId, schedules: [], retry: null, enabled: true }
  );
}

function schedulesWire(id: string, r: ProcessScheduleRecord): WireObject {
  return {
    '@type': 'ProcessSchedules',
    Schedule: r.schedules.map(rowWire),
    Retry: r.retry
      ? { '@type': 'ScheduleRetry', Schedule: r.retry.schedules.map(rowWire), maxRetry: r.retry.maxRetry }
      : undefined,
    processId: r.processId,
    atomId: r.atomId,
    id,
  };
}

function statusWire(id: string, r: ProcessScheduleRecord): WireObject {
  return { '@type': 'ProcessScheduleStatus', enabled: r.enabled, processId: r.processId, atomId: r.atomId, id };
}

/** The deployed process a conceptual id names; the body of an UPDATE must repeat the id, atomId and processId. */
function resolve(ctx: OpContext, object: string, id: string, body?: Body): DeployedProcess {
  const ids = parseConceptualId('CPS', id);
  const p = ids ? deployedProcess(ctx.account, ids[0], ids[1]) : undefined;
  if (!p) throw badRequest(`Invalid ${object} id: ${id}`);
  if (!body) return p;
  for (const [key, expected] of [
    ['id', id],
    ['atomId', p.atomId],
    ['processId', p.processId],
  ] as const) {
    const sent = str(body, key);
    if (!sent) throw badRequest(`${object}: ${key} is required.`);
    if (sent !== expected) throw badRequest(`${object}: ${key} ${sent} does not match ${expected}.`);
  }
  return p;
}

function rows(ctx: OpContext, wire: (id: string, r: ProcessScheduleRecord) => WireObject): QueryRow[] {
  return deployedProcesses(ctx.account).map((p) => {
    const id = conceptualId('CPS', p.atomId, p.processId);
    return { fields: { atomId: p.atomId, processId: p.processId }, wire: wire(id, record(ctx.account, p)) };
  });
}

export const processSchedulesObject: ObjectDef = {
  name: 'ProcessSchedules',
  get(ctx, id) {
    return { wire: schedulesWire(id, record(ctx.account, resolve(ctx, 'ProcessSchedules', id))) };
  },
  update(ctx, id) {
    const p = resolve(ctx, 'ProcessSchedules', id, ctx.body);
    const schedules = readRows(ctx.body);
    const retryBody = ctx.body['Retry'];
    let retry: ProcessScheduleRecord['retry'] = null;
    if (isRecord(retryBody)) {
      const maxRetry = int(retryBody, 'maxRetry');
      if (maxRetry === undefined || maxRetry < 1 || maxRetry > 5)
        throw badRequest('Retry: maxRetry must be between 1 and 5.');
      retry = { maxRetry, schedules: readRows(retryBody) };
    }
    if (listenerConnector(ctx.account, p.deployment) !== null && (schedules.length || retry?.schedules.length))
      throw badRequest(`Process ${p.processId} is a listener process; listener processes cannot be scheduled.`);
    const next = { ...record(ctx.account, p), schedules, retry };
    ctx.account.schedules[id] = next;
    return { wire: schedulesWire(id, next) };
  },
  query: { properties: ['processId', 'atomId'], rows: (ctx) => rows(ctx, schedulesWire) },
};

export const processScheduleStatusObject: ObjectDef = {
  name: 'ProcessScheduleStatus',
  get(ctx, id) {
    return { wire: statusWire(id, record(ctx.account, resolve(ctx, 'ProcessScheduleStatus', id))) };
  },
  update(ctx, id) {
    const p = resolve(ctx, 'ProcessScheduleStatus', id, ctx.body);
    const enabled = bool(ctx.body, 'enabled');
    if (enabled === undefined) throw badRequest('ProcessScheduleStatus: enabled is required.');
    const next = { ...record(ctx.account, p), enabled };
    ctx.account.schedules[id] = next;
    return { wire: statusWire(id, next) };
  },
  query: { properties: ['processId', 'atomId'], rows: (ctx) => rows(ctx, statusWire) },
};
