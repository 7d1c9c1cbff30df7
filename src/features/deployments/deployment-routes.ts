import {
  cancelProductionDeployment,
  cancelTestDeployment,
  checkReleaseStatus,
  listEnvironments,
  listIntegrationPacks,
  packageAndDeploy,
  queryTestDeployments,
} from '../../contracts/deployments.ts';
import { cancelScheduledDeployment } from '../../contracts/freezes.ts';
import { AppError } from '../../platform/errors.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { DeploymentService } from './deployment-service.ts';

export function deploymentActions(service: DeploymentService) {
  return [
    bindAction({
      contract: listIntegrationPacks,
      handle: (req, ctx) => service.listPacks(ctx.caller, req),
    }),
    bindAction({ contract: listEnvironments, handle: (req) => service.listEnvironments(req) }),
    bindAction({
      contract: packageAndDeploy,
      handle: async (req, ctx) => {
        const { promotionId, jobId } = await service.start(ctx.caller, req);
        const production = req.deploymentTarget.toUpperCase() === 'PRODUCTION';
        const accepted = {
          httpStatus: 202 as const,
          promotionId,
          jobId,
          status: production ? 'ADMIN_APPROVED' : 'TEST_DEPLOYING',
        };
        if (ctx.respondAsync) return accepted;
        if (production) {
          const done = await service.awaitProduction(jobId);
          if (done.state === 'running') return accepted;
          if (done.failed)
            throw new AppError(
              (done.errorCode ?? 'DEPLOYMENT_FAILED') as 'DEPLOYMENT_FAILED',
              done.errorMessage ?? 'The production deployment failed',
              { fields: { ...done.response, jobId } },
            );
          return { ...done.response, jobId } as Awaited<ReturnType<typeof service.testResponse>> & object;
        }
        const outcome = await service.awaitDeployment(promotionId, jobId);
        if (outcome.state === 'running') return accepted;
        if (outcome.failed)
          throw new AppError('TEST_DEPLOY_FAILED', outcome.response.errorMessage ?? 'The test deployment failed', {
            fields: outcome.response,
          });
        return outcome.response;
      },
    }),
    bindAction({
      contract: queryTestDeployments,
      handle: (req, ctx) => service.testDeployments(ctx.caller, req),
    }),
    bindAction({
      contract: cancelTestDeployment,
      handle: (req, ctx) => service.cancelTest(ctx.caller, req),
    }),
    bindAction({
      contract: cancelProductionDeployment,
      handle: (req, ctx) => service.cancelProduction(ctx.caller, req),
    }),
    bindAction({
      contract: cancelScheduledDeployment,
      handle: (req, ctx) => service.cancelScheduled(ctx.caller, req),
    }),
    bindAction({
      contract: checkReleaseStatus,
      handle: (req) => service.releaseStatus(req),
    }),
  ];
}
