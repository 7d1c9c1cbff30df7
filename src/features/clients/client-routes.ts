import {
  getClientPacks,
  listClientAccounts,
  manageClientAccounts,
  manageClientPacks,
} from '../../contracts/client-accounts.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { ClientPacks } from './client-packs.ts';
import type { ClientService } from './client-service.ts';

export function clientActions(service: ClientService, packs: ClientPacks) {
  return [
    bindAction({ contract: getClientPacks, handle: (req, ctx) => packs.get(ctx.caller, req.clientAccountId) }),
    bindAction({ contract: manageClientPacks, handle: (req, ctx) => packs.manage(ctx.caller, req) }),
    bindAction({
      contract: listClientAccounts,
      handle: async (req, ctx) => ({ clientAccounts: await service.list(ctx.caller, req.includeInactive) }),
    }),
    bindAction({ contract: manageClientAccounts, handle: (req, ctx) => service.manage(ctx.caller, req) }),
  ];
}
