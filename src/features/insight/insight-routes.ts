import type { FastifyInstance } from 'fastify';
import { toCsv } from '../../contracts/csv.ts';
import { DeliveryMetricsCsvQuery, getDeliveryMetrics } from '../../contracts/insight.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { Authenticate } from '../../platform/http/auth-hook.ts';
import { asAttachment, documented, parseBody, requireCaller, requireTier } from '../../platform/http/rest.ts';
import { csvRows } from './delivery-rules.ts';
import type { DeliveryService } from './delivery-service.ts';

export function insightActions(service: DeliveryService) {
  return [bindAction({ contract: getDeliveryMetrics, handle: (req, ctx) => service.get(ctx.caller, req) })];
}

/** GET /api/metrics/delivery.csv: getDeliveryMetrics as a spreadsheet (a plain link downloads it). */
export function registerInsightRoutes(
  app: FastifyInstance,
  o: { service: DeliveryService; authenticate: Authenticate },
) {
  documented({
    method: 'GET',
    path: '/api/metrics/delivery.csv',
    summary:
      'Delivery (DORA) metrics as CSV: the query parameters of getDeliveryMetrics (from, to, bucket, team, ' +
      'processId, failureWindowHours); one row per total and per bucket, overall, per team and per process.',
    tag: 'metrics',
    auth: true,
  });
  app.get('/api/metrics/delivery.csv', async (request, reply) => {
    const caller = await requireCaller(o.authenticate, request, reply);
    if (!caller) return reply;
    requireTier(caller, getDeliveryMetrics.minTier, 'Delivery metrics');
    const query = parseBody(DeliveryMetricsCsvQuery, request.query);
    const metrics = await o.service.get(caller, query);
    const name = `delivery-metrics-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv`;
    return asAttachment(reply, 'text/csv; charset=utf-8', name).send(toCsv(csvRows(metrics)));
  });
}
