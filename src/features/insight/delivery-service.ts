import type { z } from 'zod';
import type { getDeliveryMetrics } from '../../contracts/insight.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { assemble, periodProblem, type DeliveryMetrics } from './delivery-rules.ts';
import type { DeliveryStore } from './delivery-store.ts';

export type DeliveryRequest = z.output<typeof getDeliveryMetrics.request>;

export interface DeliveryService {
  get(caller: Caller, req: DeliveryRequest): Promise<DeliveryMetrics>;
  /** Every team's figures over [from, to), unfiltered: the Prometheus gauges read this. */
  forGauges(from: Date, to: Date, failureWindowHours: number): Promise<DeliveryMetrics>;
}

export function createDeliveryService(deps: {
  store: DeliveryStore;
  accounts: Pick<AccountService, 'accountsToList'>;
}): DeliveryService {
  const { store, accounts } = deps;
  return {
    async get(caller, req) {
      const from = new Date(req.from);
      const to = new Date(req.to);
      const problem = periodProblem(from, to, req.bucket);
      if (problem)
        throw new AppError('INVALID_REQUEST', `${problem.field}: ${problem.message}`, {
          details: { field: problem.field },
        });
      // Team and overall figures are counts anyone may compare; process names stay within the
      // dev accounts the caller may see (D5).
      const processAccounts = await accounts.accountsToList(caller);
      const q = { from, to, bucket: req.bucket, failureWindowHours: req.failureWindowHours };
      const groups = await store.groups({ ...q, team: req.team, processId: req.processId, processAccounts });
      return assemble(groups, q);
    },
    async forGauges(from, to, failureWindowHours) {
      const q = { from, to, bucket: 'month' as const, failureWindowHours };
      return assemble(await store.groups(q), q);
    },
  };
}
