import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { EmulatorControl } from '../core/control.ts';
import { FaultSchema } from '../core/faults.ts';
import type { Fixture } from '../fixture/fixture-schema.ts';

// `/__emulator/…`: the control API over HTTP, for tests of a service running in another process.
// Deliberately outside Boomi's URL space; serve it only where the emulator is a test tool.

const nonNeg = z.number().nonnegative();

const SettingsPatchSchema = z.object({
  latencyMs: nonNeg.optional(),
  jitterMs: nonNeg.optional(),
  rateLimit: z.number().nonnegative().nullable().optional(),
  retryAfter: z.boolean().optional(),
  branchLimit: z.number().int().positive().optional(),
  branchLimitCountsMain: z.boolean().optional(),
  numberOfResults: z.enum(['page', 'total']).optional(),
  stringBooleans: z.boolean().optional(),
  caseInsensitiveStrings: z.boolean().optional(),
  stageTimings: z
    .object({
      branchCreateMs: nonNeg.optional(),
      branchDeleteMs: nonNeg.optional(),
      mergeDraftMs: nonNeg.optional(),
      mergeReviewMs: nonNeg.optional(),
      mergeExecuteMs: nonNeg.optional(),
      releaseMs: nonNeg.optional(),
      propagationMs: nonNeg.optional(),
      executionRecordMs: nonNeg.optional(),
    })
    .optional(),
});

const ExecutionOutcomeSchema = z.object({
  result: z.enum(['pass', 'fail', 'never', 'refuse']),
  message: z.string().optional(),
  durationMs: nonNeg.optional(),
  inboundDocumentCount: z.number().int().nonnegative().optional(),
  outboundDocumentCount: z.number().int().nonnegative().optional(),
});

const AtomPatchSchema = z.object({ status: z.enum(['ONLINE', 'OFFLINE', 'WARNING', 'UNKNOWN']) });

export function controlRoutes(control: EmulatorControl): FastifyPluginAsync {
  return async (app) => {
    app.setErrorHandler((err: { message?: string; statusCode?: number }, _request, reply) => {
      const status = err instanceof z.ZodError ? 400 : (err.statusCode ?? 500);
      return reply.code(status).send({ error: err instanceof z.ZodError ? z.prettifyError(err) : err.message });
    });
    app.get('/settings', async () => control.settings());
    app.patch('/settings', async (request) => {
      control.configure(SettingsPatchSchema.parse(request.body ?? {}));
      return control.settings();
    });
    app.get('/faults', async () => control.faults());
    app.post('/faults', async (request) => ({ id: control.addFault(FaultSchema.parse(request.body)) }));
    app.delete('/faults', async () => {
      control.clearFaults();
      return { cleared: true };
    });
    app.delete<{ Params: { id: string } }>('/faults/:id', async (request, reply) => {
      if (!control.removeFault(request.params.id)) return reply.code(404).send({ error: 'no such fault' });
      return { removed: request.params.id };
    });
    app.get('/counters', async () => ({ total: control.totalCalls(), counters: control.counters() }));
    app.delete('/counters', async () => {
      control.resetCounters();
      return { cleared: true };
    });
    app.post('/fixture', async (request) => {
      control.addFixture(request.body as Fixture);
      return { loaded: true };
    });
    app.get('/state', async () => control.state());
    app.patch<{ Params: { atomId: string } }>('/atoms/:atomId', async (request, reply) => {
      const { status } = AtomPatchSchema.parse(request.body ?? {});
      if (!control.setAtomStatus(request.params.atomId, status))
        return reply.code(404).send({ error: 'no such runtime' });
      return { atomId: request.params.atomId, status };
    });
    app.put<{ Params: { processId: string } }>('/executions/:processId', async (request, reply) => {
      const outcome = ExecutionOutcomeSchema.parse(request.body ?? {});
      if (!control.setExecutionOutcome(request.params.processId, outcome))
        return reply.code(404).send({ error: 'no such process' });
      return { processId: request.params.processId, ...outcome };
    });
    app.delete<{ Params: { processId: string } }>('/executions/:processId', async (request, reply) =>
      control.setExecutionOutcome(request.params.processId, null)
        ? { cleared: true }
        : reply.code(404).send({ error: 'no such process' }),
    );
    app.delete<{ Params: { packageId: string } }>('/packages/:packageId', async (request, reply) =>
      control.deletePackage(request.params.packageId) ? { deleted: true } : reply.code(404).send({ deleted: false }),
    );
    app.delete<{ Params: { environmentId: string } }>('/environments/:environmentId/atoms', async (request) => ({
      detached: control.detachAtoms(request.params.environmentId),
    }));
    app.post('/reset', async () => {
      control.reset();
      return { reset: true };
    });
  };
}
