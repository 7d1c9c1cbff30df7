import type { FastifyInstance } from 'fastify';
import type { Queryable } from '../../platform/db.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { Authenticate } from '../../platform/http/auth-hook.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { createPgDeliveryStore } from './pg-delivery-store.ts';
import { createDeliveryService } from './delivery-service.ts';
import { registerDeliveryGauges } from './delivery-gauges.ts';
import { insightActions, registerInsightRoutes } from './insight-routes.ts';

/** Delivery metrics wired in one place: the action, the CSV route and the /metrics gauges. */
export function createInsightFeature(deps: {
  app: FastifyInstance;
  db: Queryable;
  accounts: Pick<AccountService, 'accountsToList'>;
  metrics: Metrics;
  clock: Clock;
  authenticate: Authenticate;
}) {
  const service = createDeliveryService({ store: createPgDeliveryStore(deps.db), accounts: deps.accounts });
  registerDeliveryGauges(deps.metrics.registry, { service, clock: deps.clock, log: deps.app.log });
  registerInsightRoutes(deps.app, { service, authenticate: deps.authenticate });
  return { service, actions: insightActions(service) };
}
