import type { ReactNode } from 'react';

export type Tone = 'blue' | 'green' | 'purple' | 'orange' | 'teal' | 'gray' | 'cyan' | 'red' | 'amber' | 'yellow';

/** A coloured label (20-dashboard.md §3.1); the colour is never the only signal, the text says it. */
export function Badge({
  tone,
  children,
  large,
  label,
}: {
  tone: Tone;
  children: ReactNode;
  large?: boolean;
  label?: string;
}) {
  return (
    <span className={`badge badge-${tone}${large ? ' badge-large' : ''}`} aria-label={label}>
      {children}
    </span>
  );
}

const TYPE_TONES: Record<string, Tone> = {
  process: 'blue',
  connection: 'green',
  map: 'purple',
  profile: 'orange',
  operation: 'teal',
};

/** The users' word for a Boomi component type (connector-settings is a connection, and so on). */
export function typeLabel(type: string): string {
  const t = type.toLowerCase();
  if (t.startsWith('profile')) return 'profile';
  if (t === 'connector-settings' || t === 'connection') return 'connection';
  if (t === 'connector-action' || t === 'operation') return 'operation';
  if (t === 'transform.map' || t === 'map') return 'map';
  return t;
}

/** Component type badge: process blue, connection green, map purple, profile orange, operation teal, others gray. */
export function TypeBadge({ type, shared }: { type: string; shared?: boolean }) {
  const label = typeLabel(type);
  return (
    <Badge tone={TYPE_TONES[label] ?? 'gray'}>{shared && label === 'connection' ? 'connection (shared)' : label}</Badge>
  );
}

const STATUS: Record<string, [string, Tone]> = {
  IN_PROGRESS: ['In Progress', 'blue'],
  COMPLETED: ['Promoted (not submitted)', 'gray'],
  FAILED: ['Failed', 'red'],
  TEST_DEPLOYING: ['Deploying to Test', 'blue'],
  TEST_DEPLOYED: ['Test Deployed', 'green'],
  TEST_DEPLOY_FAILED: ['Test Deploy Failed', 'red'],
  PENDING_PEER_REVIEW: ['Awaiting Peer Review', 'amber'],
  PEER_APPROVED: ['PEER_APPROVED', 'green'],
  PENDING_ADMIN_REVIEW: ['Awaiting Admin Review', 'blue'],
  PEER_REJECTED: ['Peer Rejected', 'red'],
  ADMIN_APPROVED: ['Admin Approved', 'green'],
  ADMIN_REJECTED: ['Denied', 'red'],
  DEPLOYED: ['Deployed', 'green'],
  TEST_CANCELLED: ['Test Cancelled', 'gray'],
  WITHDRAWN: ['Withdrawn', 'gray'],
  DEPLOYMENT_CANCELLED: ['Deployment Cancelled', 'gray'],
  ABANDONED: ['Abandoned', 'gray'],
  ROLLED_BACK: ['Rolled Back', 'amber'],
};

/** A promotion status as read-only views show it (Appendix A). */
export function StatusBadge({ status }: { status: string }) {
  const [label, tone] = STATUS[status] ?? [status, 'gray'];
  return <Badge tone={tone}>{label}</Badge>;
}

export const statusLabel = (status: string) => STATUS[status]?.[0] ?? status;

/** An emergency hotfix; one deployed by break-glass says so wherever it appears. */
export function HotfixBadge({ large, breakGlass }: { large?: boolean; breakGlass?: boolean | null | object }) {
  return (
    <>
      <Badge tone="red" large={large}>
        {large ? '⚠ EMERGENCY HOTFIX' : 'EMERGENCY HOTFIX'}
      </Badge>
      {breakGlass ? (
        <>
          {' '}
          <Badge tone="red" large={large} label="Deployed by break-glass, with fewer approvals than the policy asks">
            BREAK-GLASS
          </Badge>
        </>
      ) : null}
    </>
  );
}

export function EnvironmentBadge({ environment }: { environment: string | null | undefined }) {
  return environment ? <Badge tone={environment === 'PRODUCTION' ? 'blue' : 'teal'}>{environment}</Badge> : null;
}

/** A runtime's status: only ONLINE runs processes (green); WARNING amber; OFFLINE and the rest red. */
export function RuntimeStatusBadge({ status }: { status: string }) {
  const tone: Tone = status === 'ONLINE' ? 'green' : status === 'WARNING' ? 'amber' : 'red';
  return <Badge tone={tone}>{status}</Badge>;
}
