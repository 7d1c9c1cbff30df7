import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Tier } from '../../src/contracts/limits.ts';
import { useSession } from './session.tsx';
import { Loading } from '../components/Loading.tsx';

const RANK: Record<Tier, number> = { READONLY: 0, CONTRIBUTOR: 1, ADMIN: 2 };
export const hasTier = (tier: Tier, min: Tier) => RANK[tier] >= RANK[min];

export const DENIED = {
  CONTRIBUTOR: 'Access denied. This page requires developer or admin privileges.',
  ADMIN: 'Access denied. This page requires admin privileges.',
} as const;

/** Sends visitors to sign in, and shows "Access denied" on pages above the user's tier (§1.3). */
export function RequireTier({ min, children }: { min: 'CONTRIBUTOR' | 'ADMIN'; children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me)
    return <Navigate to={`/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!hasTier(me.tier, min)) {
    return (
      <section className="access-denied" role="alert">
        <h2>{DENIED[min]}</h2>
        {me.tier === 'READONLY' && (
          <p>
            Your account has no dashboard access. Ask to be added to ABC_BOOMI_FLOW_CONTRIBUTOR or ABC_BOOMI_FLOW_ADMIN.
          </p>
        )}
      </section>
    );
  }
  return <>{children}</>;
}
