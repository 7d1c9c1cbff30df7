import { useMutation, useQuery } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router';
import { getJson, postJson } from '../api/client.ts';
import { useSession, type Me } from '../app/session.tsx';
import { Loading } from '../components/Loading.tsx';
import { ErrorPanel } from '../components/ErrorPanel.tsx';

interface AuthConfig {
  demo: boolean;
  sso: boolean;
  demoUsers: Array<{ email: string; name: string; tier: string }>;
}

/** Only same-site paths: a return address must never send the user elsewhere after sign-in. */
const safeReturn = (v: string | null) => (v && v.startsWith('/') && !v.startsWith('//') ? v : '/');

/** Sign-in: single sign-on when configured, the demo users in demo mode. */
export function Login() {
  const { me, signedIn } = useSession();
  const [params] = useSearchParams();
  const returnTo = safeReturn(params.get('returnTo'));
  const config = useQuery({ queryKey: ['auth-config'], queryFn: () => getJson<AuthConfig>('/auth/config') });
  const demo = useMutation({
    mutationFn: (email: string) => postJson<Me>('/auth/demo', { email }),
    onSuccess: signedIn,
  });

  if (me) return <Navigate to={me.tier === 'READONLY' ? '/' : returnTo} replace />;
  if (config.isPending) return <Loading />;
  if (config.error) return <ErrorPanel error={config.error} onRetry={() => void config.refetch()} />;
  const c = config.data;
  return (
    <section className="login" aria-labelledby="login-title">
      <h2 id="login-title">Sign in</h2>
      {c.sso && (
        <p>
          <a className="button" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
            Sign in with single sign-on
          </a>
        </p>
      )}
      {c.demo && (
        <>
          <p>Demo mode: choose a demo user.</p>
          <ul className="demo-users">
            {c.demoUsers.map((u) => (
              <li key={u.email}>
                <button type="button" disabled={demo.isPending} onClick={() => demo.mutate(u.email)}>
                  Sign in as {u.name}
                </button>{' '}
                <span className="muted">
                  {u.email} · {u.tier}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {demo.error && <ErrorPanel error={demo.error} />}
      {!c.sso && !c.demo && <p>Sign-in is not configured on this service. Ask your administrator.</p>}
    </section>
  );
}

/** READONLY users are told at once that the dashboard is not for them (§1.3). */
export function NoDashboardAccess() {
  const { me, signOut } = useSession();
  return (
    <section className="access-denied" role="alert">
      <h2>No dashboard access</h2>
      <p>
        {me?.email} has read-only access, which does not include the dashboard. Ask to be added to
        ABC_BOOMI_FLOW_CONTRIBUTOR or ABC_BOOMI_FLOW_ADMIN.
      </p>
      <button type="button" className="secondary" onClick={() => void signOut()}>
        Logout
      </button>
    </section>
  );
}
