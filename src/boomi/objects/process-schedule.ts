import { z } from 'zod';
import { getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { q } from '../query.ts';
import { zBool, zContainer, zInt, zList } from '../wire-json.ts';

// The run schedules of a deployed process on a runtime (ProcessSchedules) and whether they are in
// effect (ProcessScheduleStatus). Both exist for every deployed process, keyed by a conceptual id
// that a QUERY by atomId and processId returns; an UPDATE must repeat that id, the atomId and the
// processId. A schedules UPDATE clears and replaces every schedule.

export const ScheduleSchema = z.looseObject({
  years: z.string().optional(),
  months: z.string().optional(),
  daysOfMonth: z.string().optional(),
  daysOfWeek: z.string().optional(),
  hours: z.string().optional(),
  minutes: z.string().optional(),
});

/**
 * One run time in Boomi's Advanced (cron) syntax: `*`, numbers, ranges `8-18`, steps `0-59/15`,
 * lists `2,3,4`. daysOfWeek runs 1 (Sunday) to 7 (Saturday); hours 0-23.
 */
export interface Schedule {
  years: string;
  months: string;
  daysOfMonth: string;
  daysOfWeek: string;
  hours: string;
  minutes: string;
}

export const ProcessSchedulesSchema = z.looseObject({
  id: z.string(),
  atomId: z.string().optional(),
  processId: z.string().optional(),
  Schedule: zList(ScheduleSchema),
  Retry: zContainer(z.looseObject({ Schedule: zList(ScheduleSchema), maxRetry: zInt.optional() })).optional(),
});
export type ProcessSchedules = z.output<typeof ProcessSchedulesSchema>;

export const ProcessScheduleStatusSchema = z.looseObject({
  id: z.string(),
  atomId: z.string().optional(),
  processId: z.string().optional(),
  enabled: zBool,
});
export type ProcessScheduleStatus = z.output<typeof ProcessScheduleStatusSchema>;

export type ProcessScheduleProperty = 'processId' | 'atomId';

/** Which schedule object: its conceptual id plus the runtime and process Boomi wants repeated. */
export interface ScheduleKey {
  id: string;
  atomId: string;
  processId: string;
}

export interface ScheduleUpdate extends ScheduleKey {
  /** Replaces every schedule; an empty list leaves the process unscheduled. */
  schedules: readonly Schedule[];
  /** Retries of failed runs: 1 to 5, on their own schedules. */
  retry?: { maxRetry: number; schedules: readonly Schedule[] } | undefined;
}

export interface ProcessSchedulesApi extends QueryMethods<ProcessScheduleProperty, ProcessSchedules> {
  get(id: string, opts?: CallOptions): Promise<ProcessSchedules>;
  /** The schedules of a process on a runtime; undefined when the process is not deployed there. */
  find(atomId: string, processId: string, opts?: CallOptions): Promise<ProcessSchedules | undefined>;
  update(input: ScheduleUpdate, opts?: CallOptions): Promise<ProcessSchedules>;
}

export interface ProcessScheduleStatusApi extends QueryMethods<ProcessScheduleProperty, ProcessScheduleStatus> {
  get(id: string, opts?: CallOptions): Promise<ProcessScheduleStatus>;
  find(atomId: string, processId: string, opts?: CallOptions): Promise<ProcessScheduleStatus | undefined>;
  /** Stops (`enabled: false`) or resumes the schedules of a deployed process. */
  update(input: ScheduleKey & { enabled: boolean }, opts?: CallOptions): Promise<ProcessScheduleStatus>;
}

const byRuntimeAndProcess = (atomId: string, processId: string) =>
  q.and<ProcessScheduleProperty>(q.eq('atomId', atomId), q.eq('processId', processId));

/**
 * The methods both objects share: query, get, find by runtime and process, and an update that
 * replaces the whole object (so sending it twice leaves the same state).
 */
function scheduleObjectApi<S extends z.ZodType<{ id: string; atomId?: string; processId?: string }>, In>(
  ctx: ApiContext,
  object: 'ProcessSchedules' | 'ProcessScheduleStatus',
  schema: S,
  body: (input: In) => Record<string, unknown>,
) {
  const methods = queryMethods<ProcessScheduleProperty, S>(ctx, object, schema);
  return {
    ...methods,
    get: (id: string, opts?: CallOptions) => getJson(ctx, `${object}.get`, `/${object}${seg(id)}`, schema, opts),
    async find(atomId: string, processId: string, opts?: CallOptions) {
      const rows = await methods.query(byRuntimeAndProcess(atomId, processId), opts);
      return rows.find((r) => r.atomId === atomId && r.processId === processId);
    },
    update: (input: In & ScheduleKey, opts?: CallOptions) =>
      postJson(ctx, `${object}.update`, `/${object}${seg(input.id)}`, body(input), schema, opts, {
        idempotent: true,
      }),
  };
}

export function processSchedulesApi(ctx: ApiContext): ProcessSchedulesApi {
  return scheduleObjectApi(ctx, 'ProcessSchedules', ProcessSchedulesSchema, (input: ScheduleUpdate) => ({
    id: input.id,
    atomId: input.atomId,
    processId: input.processId,
    Schedule: input.schedules,
    ...(input.retry ? { Retry: { maxRetry: input.retry.maxRetry, Schedule: input.retry.schedules } } : {}),
  }));
}

export function processScheduleStatusApi(ctx: ApiContext): ProcessScheduleStatusApi {
  return scheduleObjectApi(
    ctx,
    'ProcessScheduleStatus',
    ProcessScheduleStatusSchema,
    (input: ScheduleKey & { enabled: boolean }) => ({
      id: input.id,
      atomId: input.atomId,
      processId: input.processId,
      enabled: input.enabled,
    }),
  );
}
