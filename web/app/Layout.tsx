import { useRef, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from './session.tsx';
import { hasTier } from './guards.tsx';

const NAV = [
  { to: '/packages', label: 'Package Browser', min: 'CONTRIBUTOR' },
  { to: '/my-work', label: 'My Work', min: 'CONTRIBUTOR' },
  { to: '/production-readiness', label: 'Production Readiness', min: 'CONTRIBUTOR' },
  { to: '/reviews/peer', label: 'Peer Review Queue', min: 'CONTRIBUTOR' },
  { to: '/extensions', label: 'Extension Manager', min: 'CONTRIBUTOR' },
  { to: '/delivery-metrics', label: 'Metrics', min: 'CONTRIBUTOR' },
  { to: '/admin/approvals', label: 'Admin Approval Queue', min: 'ADMIN' },
  { to: '/admin/mappings', label: 'Mapping Viewer', min: 'ADMIN' },
  { to: '/admin/approval-policy', label: 'Approval Policy', min: 'ADMIN' },
  { to: '/admin/client-accounts', label: 'Client Accounts', min: 'ADMIN' },
  { to: '/admin/freeze-windows', label: 'Freeze Windows', min: 'ADMIN' },
  { to: '/admin/policy-rules', label: 'Policy Rules', min: 'ADMIN' },
  { to: '/admin/notifications', label: 'Notifications', min: 'ADMIN' },
  { to: '/admin/webhooks', label: 'Webhooks', min: 'ADMIN' },
  { to: '/admin/audit', label: 'Audit Trail', min: 'ADMIN' },
] as const;

/**
 * The application shell (20-dashboard.md §2.1): title, who is signed in, and the menu their tier
 * allows. On a phone the menu folds behind a Menu button so the header fits a 390 px screen.
 */
export function Layout() {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const links = me && me.tier !== 'READONLY' ? NAV.filter((n) => hasTier(me.tier, n.min)) : [];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1>Component Promotion Dashboard</h1>
        {links.length > 0 && (
          <button
            type="button"
            ref={menuButton}
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="app-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            <span aria-hidden="true">☰</span> Menu
          </button>
        )}
        {me && (
          <div className="who">
            <span className="identity">
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
      {links.length > 0 && (
        <nav
          id="app-nav"
          className={menuOpen ? 'app-nav open' : 'app-nav'}
          aria-label="Main"
          onKeyDown={(e) => {
            if (e.key !== 'Escape' || !menuOpen) return;
            setMenuOpen(false);
            menuButton.current?.focus();
          }}
        >
          {links.map((n) => (
            <NavLink key={n.to} to={n.to} end={n.to === '/reviews/peer'} onClick={() => setMenuOpen(false)}>
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
