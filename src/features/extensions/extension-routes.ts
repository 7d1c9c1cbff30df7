import {
  checkProductionExtensions,
  copyExtensionsTestToProd,
  diffExtensions,
  getExtensions,
  setExtensionCheckRule,
  syncExtensionAccess,
  updateExtensions,
  validateScript,
} from '../../contracts/extensions.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { ExtensionChecks } from './extension-checks.ts';
import type { ExtensionService } from './extension-service.ts';
import { checkScript } from './script-check.ts';
import type { ScriptValidator } from './script-validation/index.ts';

export function extensionActions(service: ExtensionService, checks: ExtensionChecks, validator: ScriptValidator) {
  return [
    bindAction({ contract: getExtensions, handle: (req, ctx) => service.get(ctx.caller, req) }),
    bindAction({ contract: updateExtensions, handle: (req, ctx) => service.update(ctx.caller, req) }),
    bindAction({ contract: copyExtensionsTestToProd, handle: (req, ctx) => service.copy(ctx.caller, req) }),
    bindAction({ contract: diffExtensions, handle: (req, ctx) => service.diff(ctx.caller, req) }),
    bindAction({ contract: syncExtensionAccess, handle: (req, ctx) => service.sync(ctx.caller, req) }),
    bindAction({ contract: validateScript, handle: (req) => checkScript(validator, req) }),
    bindAction({ contract: checkProductionExtensions, handle: (req) => checks.check(req.promotionId) }),
    bindAction({
      contract: setExtensionCheckRule,
      handle: (req, ctx) => checks.setRule(ctx.caller, req.blockApproval),
    }),
  ];
}
