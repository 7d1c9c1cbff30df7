import { z } from 'zod';
import { postJson, send, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { decodeJson, zInt, zList } from '../wire-json.ts';

// Process runs: `POST /ExecutionRequest` asks a runtime to run a deployed process and answers with
// a requestId at once; `GET /ExecutionRecord/async/{requestId}` answers 202 until the run's record
// exists, then a QueryResult with it (status INPROCESS while it runs). Records are also queried.

/** Boomi's JSON writes some longs as `["Long", 1234]`; numbers and digit strings are read too. */
const zLong = z.union([zInt, z.tuple([z.literal('Long'), zInt]).transform(([, n]) => n)]);

export const ExecutionRecordSchema = z.looseObject({
  executionId: z.string(),
  account: z.string().optional(),
  executionTime: z.string().optional(),
  /** COMPLETE, COMPLETE_WARN, ERROR, ABORTED, DISCARDED, INPROCESS, STARTED, ENQUEUED, ... */
  status: z.string(),
  executionType: z.string().optional(),
  processName: z.string().optional(),
  processId: z.string(),
  atomName: z.string().optional(),
  atomId: z.string(),
  inboundDocumentCount: zLong.optional(),
  inboundErrorDocumentCount: zLong.optional(),
  outboundDocumentCount: zLong.optional(),
  executionDuration: zLong.optional(),
  message: z.string().optional(),
});
export type ExecutionRecord = z.output<typeof ExecutionRecordSchema>;

const RequestResultSchema = z.looseObject({ requestId: z.string().min(1), recordUrl: z.string().optional() });
const RecordResultSchema = z.looseObject({ result: zList(ExecutionRecordSchema) });

export type ExecutionRecordProperty =
  'executionId' | 'status' | 'processId' | 'atomId' | 'executionTime' | 'executionType' | 'processName';

export interface NewExecutionRequest {
  atomId: string;
  processId: string;
  /** Process property component values: componentId -> key -> value. */
  processProperties?: Record<string, Record<string, string>> | undefined;
}

export interface ExecutionApi extends QueryMethods<ExecutionRecordProperty, ExecutionRecord> {
  /** Never retried after it may have reached Boomi: a second request would be a second run. */
  request(input: NewExecutionRequest, opts?: CallOptions): Promise<{ requestId: string; recordUrl: string | null }>;
  /** The run's record, or null while Boomi answers 202 (not recorded yet). */
  record(requestId: string, opts?: CallOptions): Promise<ExecutionRecord | null>;
}

export function executionApi(ctx: ApiContext): ExecutionApi {
  return {
    ...queryMethods<ExecutionRecordProperty, typeof ExecutionRecordSchema>(
      ctx,
      'ExecutionRecord',
      ExecutionRecordSchema,
    ),
    async request(input, opts) {
      const properties = Object.entries(input.processProperties ?? {});
      const body = {
        '@type': 'ExecutionRequest',
        atomId: input.atomId,
        processId: input.processId,
        ...(properties.length
          ? {
              ProcessProperties: {
                '@type': 'ExecutionRequestProcessProperties',
                ProcessProperty: properties.map(([componentId, values]) => ({
                  '@type': '',
                  componentId,
                  ProcessPropertyValue: Object.entries(values).map(([key, value]) => ({ '@type': '', key, value })),
                })),
              },
            }
          : {}),
      };
      const res = await postJson(ctx, 'ExecutionRequest.create', '/ExecutionRequest', body, RequestResultSchema, opts, {
        idempotent: false,
      });
      return { requestId: res.requestId, recordUrl: res.recordUrl ?? null };
    },
    async record(requestId, opts) {
      const operation = 'ExecutionRecord.async';
      const res = await send(
        ctx,
        {
          operation,
          method: 'GET',
          path: `/ExecutionRecord/async${seg(requestId)}`,
          accept: 'json',
          idempotent: true,
          okStatuses: [200, 202],
        },
        opts,
      );
      if (res.status === 202) return null;
      return decodeJson(res.text, RecordResultSchema, operation).result[0] ?? null;
    },
  };
}
