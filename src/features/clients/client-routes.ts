import { listClientAccounts, manageClientAccounts } from '../../contracts/client-accounts.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { ClientService } from './client-service.ts';

export function clientActions(service: ClientService) {
  return [
    bindAction({
      contract: listClientAccounts,
      handle: async (req, ctx) => ({ clientAccounts: await service.list(ctx.caller, req.includeInactive) }),
    }),
    bindAction({ contract: manageClientAccounts, handle: (req, ctx) => service.manage(ctx.caller, req) }),
  ];
}
