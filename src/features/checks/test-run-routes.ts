import { getTestRuns, listTestProcesses, runTestProcess, setTestProcess } from '../../contracts/test-runs.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { TestRunService } from './test-run-service.ts';

export function testRunActions(service: TestRunService) {
  return [
    bindAction({ contract: setTestProcess, handle: (req, ctx) => service.setTestProcess(ctx.caller, req) }),
    bindAction({ contract: listTestProcesses, handle: () => service.listTestProcesses() }),
    bindAction({ contract: runTestProcess, handle: (req, ctx) => service.runTestProcess(ctx.caller, req.promotionId) }),
    bindAction({ contract: getTestRuns, handle: (req) => service.testRuns(req.promotionId) }),
  ];
}
