import { approveForTest, getApprovalPolicy, getApprovals, setApprovalPolicy } from '../../contracts/approval-policy.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { ApprovalService } from './approval-service.ts';
import type { createTestApprovals } from './test-approvals.ts';

export function approvalActions(service: ApprovalService, test: ReturnType<typeof createTestApprovals>) {
  return [
    bindAction({ contract: approveForTest, handle: (r, ctx) => test.approve(ctx.caller, r) }),
    bindAction({ contract: getApprovalPolicy, handle: (r) => service.getPolicy(r.includeHistory) }),
    bindAction({ contract: setApprovalPolicy, handle: (r, ctx) => service.setPolicy(ctx.caller, r) }),
    bindAction({ contract: getApprovals, handle: (r, ctx) => service.view(ctx.caller, r.promotionId) }),
  ];
}
