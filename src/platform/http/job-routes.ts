import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { JobRun, Jobs } from '../jobs.ts';
import type { Authenticate } from './auth-hook.ts';
import type { Caller } from './caller.ts';
import { sendError } from './envelope.ts';
import { documented, requireCaller } from './rest.ts';

export const JobView = z.object({
  jobId: z.string(),
  kind: z.string(),
  state: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']),
  promotionId: z.string().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int(), step: z.string().nullable() }),
  response: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** A queued run held back until then (a scheduled deployment). */
  startAfter: z.string().nullable(),
});

/** The job as callers see it; `response` is what the action would have answered synchronously. */
export function jobView(run: JobRun) {
  const response =
    run.state === 'SUCCEEDED'
      ? { success: true, ...run.result }
      : run.state === 'FAILED'
        ? { success: false, errorCode: run.error?.code, errorMessage: run.error?.message, ...run.result }
        : null;
  return {
    jobId: run.id,
    kind: run.kind,
    state: run.state,
    promotionId: run.promotionId,
    progress: run.progress,
    response,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    startAfter: run.startAfter?.toISOString() ?? null,
  };
}

const UUID = /^[0-9a-f-]{36}$/i;

/** D3: `GET /api/jobs/{id}` and its server-sent event stream. */
export function registerJobRoutes(
  app: FastifyInstance,
  o: { jobs: Jobs; authenticate: Authenticate; canSee: (caller: Caller, run: JobRun) => Promise<boolean> },
) {
  const load = async (caller: Caller, id: string) => {
    const run = UUID.test(id) ? await o.jobs.get(id) : undefined;
    // An invisible job is reported as absent: its existence is not the caller's business.
    if (!run || !(await o.canSee(caller, run))) throw new AppError('NOT_FOUND', `No job ${id.slice(0, 64)}`);
    return run;
  };

  documented({
    method: 'GET',
    path: '/api/jobs/{jobId}',
    summary: 'State, progress and final response of a long-running action.',
    tag: 'jobs',
    auth: true,
    response: JobView,
  });
  app.get<{ Params: { id: string } }>('/api/jobs/:id', async (request, reply) => {
    const caller = await requireCaller(o.authenticate, request, reply);
    if (!caller) return reply;
    return { success: true, ...jobView(await load(caller, request.params.id)) };
  });

  documented({
    method: 'GET',
    path: '/api/jobs/{jobId}/events',
    summary: 'The same as server-sent events (`event: job`), until the job ends.',
    tag: 'jobs',
    auth: true,
  });
  app.get<{ Params: { id: string } }>('/api/jobs/:id/events', async (request, reply) => {
    const caller = await requireCaller(o.authenticate, request, reply);
    if (!caller) return reply;
    let run: JobRun;
    try {
      run = await load(caller, request.params.id);
    } catch (e) {
      return sendError(reply, e as AppError);
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': request.id,
    });
    let last = '';
    let closed = false;
    const send = (r: JobRun) => {
      const data = JSON.stringify(jobView(r));
      if (data === last) return;
      last = data;
      res.write(`event: job\ndata: ${data}\n\n`);
    };
    send(run);
    let busy = false;
    const refresh = async () => {
      if (busy || closed) return;
      busy = true;
      try {
        const next = await o.jobs.get(run.id);
        if (next) {
          run = next;
          send(next);
        }
        if (next && (next.state === 'SUCCEEDED' || next.state === 'FAILED')) finish();
      } catch {
        // The next notification or tick tries again.
      } finally {
        busy = false;
      }
    };
    const unwatch = o.jobs.watch(() => {
      void refresh();
    });
    const tick = setInterval(() => {
      void refresh();
      res.write(': keep-alive\n\n');
    }, 10_000);
    const finish = () => {
      if (closed) return;
      closed = true;
      unwatch();
      clearInterval(tick);
      res.end();
    };
    request.raw.on('close', finish);
    if (run.state === 'SUCCEEDED' || run.state === 'FAILED') finish();
  });
}
