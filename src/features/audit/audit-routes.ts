import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AuditExportQuery, listAuditEvents, verifyAuditTrail } from '../../contracts/audit.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { Authenticate } from '../../platform/http/auth-hook.ts';
import { asAttachment, documented, parseBody, requireCaller, requireTier } from '../../platform/http/rest.ts';
import type { AuditTrailService } from './audit-trail-service.ts';

export function auditTrailActions(service: AuditTrailService) {
  return [
    bindAction({
      contract: listAuditEvents,
      handle: ({ beforeSeq, limit, ...filter }) => service.list(filter, { beforeSeq, limit }),
    }),
    bindAction({ contract: verifyAuditTrail, handle: () => service.verify() }),
  ];
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

/**
 * `exportAuditTrail`: GET /api/audit/export streams the trail with its hash columns, so a long
 * trail never sits in memory and a browser link can download it with the session's cookie.
 */
export function registerAuditExportRoute(
  app: FastifyInstance,
  o: { service: AuditTrailService; authenticate: Authenticate },
) {
  documented({
    method: 'GET',
    path: '/api/audit/export',
    summary:
      'exportAuditTrail (admin): the audit events in chain order as CSV or JSON lines, with their chain position ' +
      'and hashes; query: format (csv | jsonl), from, to, actor, action, promotionId.',
    tag: 'audit',
    auth: true,
  });
  app.get('/api/audit/export', async (request, reply) => {
    const caller = await requireCaller(o.authenticate, request, reply);
    if (!caller) return reply;
    requireTier(caller, 'ADMIN', 'exportAuditTrail');
    const { format, ...filter } = parseBody(AuditExportQuery, request.query, 'query');
    const lines = o.service.exportLines(filter, format);
    // Pulls the first line (and with it the first batch) while an error can still be answered.
    const first = await lines.next();
    const day = new Date().toISOString().slice(0, 10);
    return asAttachment(reply, CONTENT_TYPES[format], `audit-trail-${day}.${format}`).send(
      Readable.from(first.done ? [] : prepend(first.value, lines)),
    );
  });
}

async function* prepend(first: string, rest: AsyncGenerator<string>) {
  yield first;
  yield* rest;
}
