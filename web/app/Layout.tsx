import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from './session.tsx';
import { hasTier } from './guards.tsx';

const NAV = [
  { to: '/packages', label: 'Package Browser', min: 'CONTRIBUTOR' },
  { to: '/production-readiness', label: 'Production Readiness', min: 'CONTRIBUTOR' },
  { to: '/reviews/peer', label: 'Peer Review Queue', min: 'CONTRIBUTOR' },
  { to: '/admin/approvals', label: 'Admin Approval Queue', min: 'ADMIN' },
  { to: '/admin/mappings', label: 'Mapping Viewer', min: 'ADMIN' },
  { to: '/admin/notifications', label: 'Notifications', min: 'ADMIN' },
] as const;

/** The application shell (20-dashboard.md §2.1): title, who is signed in, and the menu their tier allows. */
export function Layout() {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1>Component Promotion Dashboard</h1>
        {me && (
          <div className="who">
            <span>
              {me.name} ({me.email})
            </span>
            <span className="tier" aria-label="Tier">
              {me.tier}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={async () => {
                await signOut();
                navigate('/login');
              }}
            >
              Logout
            </button>
          </div>
        )}
      </header>
      {me && me.tier !== 'READONLY' && (
        <nav className="app-nav" aria-label="Main">
          {NAV.filter((n) => hasTier(me.tier, n.min)).map((n) => (
            <NavLink key={n.to} to={n.to} end={n.to === '/reviews/peer'}>
              {n.label}
            </NavLink>
          ))}
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
