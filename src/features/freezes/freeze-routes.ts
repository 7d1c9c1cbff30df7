import { deleteFreezeWindow, listFreezeWindows, setFreezeWindow } from '../../contracts/freezes.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { FreezeService } from './freeze-service.ts';

export function freezeActions(service: FreezeService) {
  return [
    bindAction({ contract: listFreezeWindows, handle: (req) => service.list(req.includeInactive) }),
    bindAction({ contract: setFreezeWindow, handle: (req, ctx) => service.set(ctx.caller, req) }),
    bindAction({ contract: deleteFreezeWindow, handle: (req, ctx) => service.delete(ctx.caller, req) }),
  ];
}
