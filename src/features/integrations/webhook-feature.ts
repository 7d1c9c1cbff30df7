import type { AddressInfo } from 'node:net';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { createPgWebhookStore } from './pg-webhook-store.ts';
import { createWebhookDispatcher, type DispatcherLog, type DispatcherOptions } from './webhook-dispatcher.ts';
import { webhookActions } from './webhook-routes.ts';
import { createWebhookService } from './webhook-service.ts';
import { selfAddressOf, type SelfAddress } from './webhook-rules.ts';

/** Where the service answers: its public URL, its configured host and port, and what it listens on now. */
export interface SelfView {
  publicUrl: string;
  host: string;
  port: number;
  /** The server's bound addresses; empty (or throwing) before it listens. */
  listening: () => ReadonlyArray<AddressInfo | string>;
}

function selvesOf(self: SelfView): SelfAddress[] {
  let bound: SelfAddress[] = [];
  try {
    bound = self.listening().flatMap((a) => (typeof a === 'string' ? [] : [{ host: a.address, port: a.port }]));
  } catch {
    bound = [];
  }
  const own = selfAddressOf(self.publicUrl);
  return [...(own ? [own] : []), { host: self.host.toLowerCase(), port: self.port }, ...bound];
}

/** Webhooks and chat (issue 16 item 3), assembled: the service, its dispatcher and its actions. */
export function createWebhookFeature(deps: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  log: DispatcherLog;
  self: SelfView;
  options?: Partial<DispatcherOptions> | undefined;
}) {
  const store = createPgWebhookStore(deps.db);
  const dispatcher = createWebhookDispatcher({ store, clock: deps.clock, log: deps.log, options: deps.options });
  const service = createWebhookService({
    db: deps.db,
    audit: deps.audit,
    clock: deps.clock,
    store,
    dispatcher,
    publicUrl: deps.self.publicUrl,
    selves: () => selvesOf(deps.self),
  });
  return { service, dispatcher, actions: webhookActions(service) };
}
