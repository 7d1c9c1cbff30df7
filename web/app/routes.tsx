import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './Layout.tsx';
import { RequireTier } from './guards.tsx';
import { useSession } from './session.tsx';
import { Login, NoDashboardAccess } from '../pages/Login.tsx';
import { NotFound } from '../pages/NotFound.tsx';

type Min = 'CONTRIBUTOR' | 'ADMIN';

/** A page loaded on first visit to its route, behind its tier guard (§1.3, §2.7). */
const page = (min: Min, load: () => Promise<ComponentType>) => ({
  lazy: async () => {
    const Page = await load();
    return {
      Component: () => (
        <RequireTier min={min}>
          <Page />
        </RequireTier>
      ),
    };
  },
});

function Home() {
  const { me, loading } = useSession();
  if (loading) return null;
  if (me?.tier === 'READONLY') return <NoDashboardAccess />;
  return <Navigate to={me ? '/packages' : '/login'} replace />;
}

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/login', element: <Login /> },
      {
        path: '/packages',
        ...page('CONTRIBUTOR', async () => (await import('../pages/PackageBrowser.tsx')).PackageBrowser),
      },
      {
        path: '/my-work',
        ...page('CONTRIBUTOR', async () => (await import('../pages/MyWork.tsx')).MyWork),
      },
      {
        path: '/accounts/:accountId/packages/:packageId/review',
        ...page('CONTRIBUTOR', async () => (await import('../pages/PromotionReview.tsx')).PromotionReview),
      },
      {
        path: '/promotions/:promotionId',
        ...page('CONTRIBUTOR', async () => (await import('../pages/PromotionStatus.tsx')).PromotionStatus),
      },
      {
        path: '/promotions/:promotionId/deploy',
        ...page('CONTRIBUTOR', async () => (await import('../pages/DeploymentSubmission.tsx')).DeploymentSubmission),
      },
      {
        path: '/test-deployments/:promotionId/promote',
        ...page('CONTRIBUTOR', async () => (await import('../pages/DeploymentSubmission.tsx')).DeploymentSubmission),
      },
      {
        path: '/production-readiness',
        ...page('CONTRIBUTOR', async () => (await import('../pages/ProductionReadiness.tsx')).ProductionReadiness),
      },
      {
        path: '/reviews/peer',
        ...page('CONTRIBUTOR', async () => (await import('../pages/PeerReviewQueue.tsx')).PeerReviewQueue),
      },
      {
        path: '/reviews/peer/:promotionId',
        ...page('CONTRIBUTOR', async () => (await import('../pages/PeerReviewDetail.tsx')).PeerReviewDetail),
      },
      {
        path: '/extensions',
        ...page('CONTRIBUTOR', async () => (await import('../pages/ExtensionManager.tsx')).ExtensionManager),
      },
      {
        path: '/extensions/copy',
        ...page('ADMIN', async () => (await import('../pages/ExtensionCopy.tsx')).ExtensionCopy),
      },
      {
        path: '/admin/client-accounts',
        ...page('ADMIN', async () => (await import('../pages/ClientAccounts.tsx')).ClientAccounts),
      },
      {
        path: '/rollbacks/:rollbackId',
        ...page('CONTRIBUTOR', async () => (await import('../pages/RollbackView.tsx')).RollbackView),
      },
      {
        path: '/releases',
        ...page('CONTRIBUTOR', async () => (await import('../pages/ReleaseHistory.tsx')).ReleaseHistory),
      },
      {
        path: '/admin/approvals',
        ...page('ADMIN', async () => (await import('../pages/AdminApprovals.tsx')).AdminApprovals),
      },
      {
        path: '/admin/approval-policy',
        ...page('ADMIN', async () => (await import('../pages/ApprovalPolicy.tsx')).ApprovalPolicy),
      },
      {
        path: '/admin/mappings',
        ...page('ADMIN', async () => (await import('../pages/MappingViewer.tsx')).MappingViewer),
      },
      {
        path: '/admin/freeze-windows',
        ...page('ADMIN', async () => (await import('../pages/FreezeWindows.tsx')).FreezeWindows),
      },
      {
        path: '/delivery-metrics',
        ...page('CONTRIBUTOR', async () => (await import('../pages/Metrics.tsx')).Metrics),
      },
      {
        path: '/admin/policy-rules',
        ...page('ADMIN', async () => (await import('../pages/PolicyRules.tsx')).PolicyRules),
      },
      {
        path: '/admin/notifications',
        ...page('ADMIN', async () => (await import('../pages/Notifications.tsx')).Notifications),
      },
      {
        path: '/admin/webhooks',
        ...page('ADMIN', async () => (await import('../pages/Webhooks.tsx')).Webhooks),
      },
      {
        path: '/admin/audit',
        ...page('ADMIN', async () => (await import('../pages/Audit.tsx')).Audit),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
