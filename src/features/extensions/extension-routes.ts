import {
  checkProductionExtensions,
  copyExtensionsTestToProd,
  diffExtensions,
  getExtensions,
  getMapExtension,
  setExtensionCheckRule,
  syncExtensionAccess,
  updateExtensions,
  updateMapExtension,
  validateScript,
} from '../../contracts/extensions.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { ExtensionChecks } from './extension-checks.ts';
import type { ExtensionService } from './extension-service.ts';
import type { MapExtensions } from './map-extensions.ts';
import { checkScript } from './script-check.ts';
import type { ScriptValidator } from './script-validation/index.ts';

export function extensionActions(deps: {
  service: ExtensionService;
  checks: ExtensionChecks;
  maps: MapExtensions;
  validator: ScriptValidator;
}) {
  const { service, checks, maps, validator } = deps;
  return [
    bindAction({ contract: getMapExtension, handle: (req, ctx) => maps.get(ctx.caller, req) }),
    bindAction({ contract: updateMapExtension, handle: (req, ctx) => maps.update(ctx.caller, req) }),
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
