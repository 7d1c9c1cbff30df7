import { getDevAccounts, manageDevAccountAccess } from '../../contracts/accounts.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { AccountService } from './account-service.ts';
import type { DevAccountAccess } from './account-store.ts';

const toWire = (r: DevAccountAccess) => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export function accountActions(service: AccountService) {
  return [
    bindAction({
      contract: getDevAccounts,
      handle: (_req, ctx) => service.getDevAccounts(ctx.caller),
    }),
    bindAction({
      contract: manageDevAccountAccess,
      handle: async (req, ctx) => {
        switch (req.operation) {
          case 'list': {
            const rows = await service.listAccess(req);
            return { operation: 'list', rows: rows.map(toWire), totalCount: rows.length };
          }
          case 'upsert': {
            const { operation: _op, ...row } = req;
            const saved = await service.upsertAccess(ctx.caller, row);
            return { operation: 'upsert', rows: [toWire(saved)], totalCount: 1 };
          }
          case 'delete': {
            const gone = await service.deleteAccess(ctx.caller, req);
            return { operation: 'delete', rows: gone ? [toWire(gone)] : [], totalCount: gone ? 1 : 0 };
          }
        }
      },
    }),
  ];
}
