import { randomUUID } from 'node:crypto';
import { BoomiError, badRequest } from '../http/boomi-error.ts';
import { isoSeconds } from '../state/ids.ts';
import type { AccountData, ExecutionOutcome, ExecutionRun } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { isRecord, records, requiredStr } from './body.ts';
import type { ObjectDef, OpContext, QueryRow } from './object-def.ts';
import { deployedProcess, requireAtom } from './runtime-model.ts';

// Process runs (Boomi's Execution Request and Execution Record objects). `POST /ExecutionRequest`
// names a runtime and a process deployed to one of its environments and answers at once with a
// requestId and recordUrl; `GET /ExecutionRecord/async/{requestId}` answers 202 without a body
// until the record exists (`executionRecordMs` after the request), then a QueryResult holding the
// one ExecutionRecord: INPROCESS while it runs, then COMPLETE or ERROR as the process's outcome says.

export const EXECUTION_MESSAGES = {
  notDeployed: (processName: string, processId: string, atomName: string) =>
    `Process ${processName} (${processId}) is not deployed to an environment attached to the runtime ${atomName}.`,
  notProcess: (id: string) => `Invalid process id: ${id}`,
  unknownRequest: (id: string) => `Invalid requestId: ${id}`,
  refused: 'The runtime refused to run the process.',
  failed: 'The process ended in error.',
} as const;

const DEFAULT_OUTCOME: ExecutionOutcome = { result: 'pass' };

const executionsOf = (account: AccountData): Record<string, ExecutionRun> => (account.executions ??= {});

function readProperties(body: Record<string, unknown>): void {
  // Boomi accepts process property component values under ProcessProperties/ProcessProperty
  // (componentId + ProcessPropertyValue key/value). The emulator checks the shape and ignores them.
  const container = body['ProcessProperties'];
  if (container === undefined || container === '') return;
  if (!isRecord(container)) throw badRequest('ExecutionRequest: ProcessProperties must be an object.');
  for (const p of records(container['ProcessProperty'])) {
    requiredStr(p, 'componentId', 'ProcessProperty');
    for (const v of records(p['ProcessPropertyValue'])) requiredStr(v, 'key', 'ProcessPropertyValue');
  }
}

function status(ctx: OpContext, run: ExecutionRun): { status: string; startedAt: number; durationMs: number } {
  const startedAt = run.requestedAt + ctx.core.settings.stageTimings.executionRecordMs;
  const duration = run.outcome.durationMs ?? 0;
  const running = run.outcome.result === 'never' || ctx.now < startedAt + duration;
  if (running) return { status: 'INPROCESS', startedAt, durationMs: Math.max(0, ctx.now - startedAt) };
  return { status: run.outcome.result === 'fail' ? 'ERROR' : 'COMPLETE', startedAt, durationMs: duration };
}

function recordWire(ctx: OpContext, run: ExecutionRun): WireObject {
  const s = status(ctx, run);
  const done = s.status !== 'INPROCESS';
  return {
    '@type': 'ExecutionRecord',
    executionId: run.executionId,
    account: ctx.account.accountId,
    executionTime: isoSeconds(s.startedAt),
    status: s.status,
    executionType: 'exec_manual',
    processName: run.processName,
    processId: run.processId,
    atomName: run.atomName,
    atomId: run.atomId,
    inboundDocumentCount: done ? (run.outcome.inboundDocumentCount ?? 0) : 0,
    inboundErrorDocumentCount: 0,
    outboundDocumentCount: done ? (run.outcome.outboundDocumentCount ?? 0) : 0,
    executionDuration: s.durationMs,
    message: s.status === 'ERROR' ? (run.outcome.message ?? EXECUTION_MESSAGES.failed) : undefined,
    topLevelExecutionId: run.executionId,
  };
}

const visible = (ctx: OpContext, run: ExecutionRun) =>
  ctx.now >= run.requestedAt + ctx.core.settings.stageTimings.executionRecordMs;

export const executionRequestObject: ObjectDef = {
  name: 'ExecutionRequest',
  create(ctx) {
    const atom = requireAtom(ctx.account, requiredStr(ctx.body, 'atomId', 'ExecutionRequest'));
    const processId = requiredStr(ctx.body, 'processId', 'ExecutionRequest');
    const component = ctx.account.components[processId];
    if (component?.type !== 'process') throw badRequest(EXECUTION_MESSAGES.notProcess(processId));
    const head = component.revisions[(component.heads[ctx.account.mainBranchId] ?? 1) - 1];
    const processName = head?.name ?? processId;
    if (!deployedProcess(ctx.account, atom.id, processId))
      throw badRequest(EXECUTION_MESSAGES.notDeployed(processName, processId, atom.name));
    readProperties(ctx.body);
    const outcome = ctx.account.executionOutcomes?.[processId] ?? DEFAULT_OUTCOME;
    if (outcome.result === 'refuse') throw badRequest(outcome.message ?? EXECUTION_MESSAGES.refused);
    const requestId = `executionrecord-${randomUUID()}`;
    const day = isoSeconds(ctx.now).slice(0, 10).replace(/-/g, '.');
    const run: ExecutionRun = {
      requestId,
      executionId: `execution-${randomUUID()}-${day}`,
      processId,
      processName,
      atomId: atom.id,
      atomName: atom.name,
      requestedAt: ctx.now,
      outcome: { ...outcome },
    };
    executionsOf(ctx.account)[requestId] = run;
    return {
      wire: {
        '@type': 'ExecutionRequest',
        requestId,
        recordUrl: `${ctx.baseUrl}/ExecutionRecord/async/${requestId}`,
        atomId: atom.id,
        processId,
      },
    };
  },
};

export const executionRecordObject: ObjectDef = {
  name: 'ExecutionRecord',
  asyncGet(ctx, requestId) {
    const run = executionsOf(ctx.account)[requestId];
    if (!run) throw new BoomiError(400, EXECUTION_MESSAGES.unknownRequest(requestId));
    if (!visible(ctx, run)) return { status: 202, empty: true };
    return { wire: { '@type': 'QueryResult', result: [recordWire(ctx, run)], numberOfResults: 1 } };
  },
  query: {
    properties: [
      'executionId',
      'originalExecutionId',
      'account',
      'executionTime',
      'status',
      'executionType',
      'processName',
      'processId',
      'atomName',
      'atomId',
      'inboundDocumentCount',
      'inboundErrorDocumentCount',
      'outboundDocumentCount',
      'executionDuration',
      'message',
      'reportKey',
      'launcherId',
      'nodeId',
      'recordedDate',
    ],
    rows(ctx): QueryRow[] {
      return Object.values(executionsOf(ctx.account))
        .filter((run) => visible(ctx, run))
        .sort((a, b) => a.requestedAt - b.requestedAt)
        .map((run) => {
          const wire = recordWire(ctx, run);
          return { fields: { ...wire, recordedDate: wire['executionTime'] }, wire };
        });
    },
  },
};

/** Sets (or with null clears) how a process runs, in every account that holds it; false when none does. */
export function setExecutionOutcome(
  accounts: Record<string, AccountData>,
  processId: string,
  outcome: ExecutionOutcome | null,
): boolean {
  let found = false;
  for (const account of Object.values(accounts)) {
    if (!account.components[processId]) continue;
    found = true;
    const outcomes = (account.executionOutcomes ??= {});
    if (outcome) outcomes[processId] = { ...outcome };
    else delete outcomes[processId];
  }
  return found;
}
