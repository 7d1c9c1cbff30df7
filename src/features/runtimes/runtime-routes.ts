import { getProcessRuntime, setProcessRuntime } from '../../contracts/runtimes.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { RuntimeService } from './runtime-service.ts';

export function runtimeActions(service: RuntimeService) {
  return [
    bindAction({ contract: getProcessRuntime, handle: (req) => service.processRuntime(req.promotionId) }),
    bindAction({ contract: setProcessRuntime, handle: (req, ctx) => service.setProcessRuntime(ctx.caller, req) }),
  ];
}
