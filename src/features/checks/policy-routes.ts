import { getPolicyFindings, listPolicyRules, setPolicyRule } from '../../contracts/policy.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { PolicyService } from './policy-service.ts';

export function policyActions(service: PolicyService) {
  return [
    bindAction({ contract: listPolicyRules, handle: () => service.listRules() }),
    bindAction({ contract: setPolicyRule, handle: (req, ctx) => service.setRule(ctx.caller, req) }),
    bindAction({ contract: getPolicyFindings, handle: (req) => service.findings(req.promotionId) }),
  ];
}
