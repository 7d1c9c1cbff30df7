import { listNotifications } from '../../contracts/notifications.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { Notification } from './notification-store.ts';
import type { NotificationService } from './notification-service.ts';

const toWire = (n: Notification) => ({
  id: n.id,
  createdAt: n.createdAt.toISOString(),
  kind: n.kind,
  promotionId: n.promotionId,
  to: n.to,
  cc: n.cc,
  subject: n.subject,
  body: n.text,
  status: n.status,
  attempts: n.attempts,
  // Only a PENDING message has a next attempt.
  nextAttemptAt: n.status === 'PENDING' ? n.nextAttemptAt.toISOString() : null,
  lastError: n.lastError,
  sentAt: n.sentAt?.toISOString() ?? null,
});

export function notificationActions(service: NotificationService) {
  return [
    bindAction({
      contract: listNotifications,
      handle: async (req) => {
        const rows = await service.list({ status: req.status, promotionId: req.promotionId, limit: req.limit });
        return { notifications: rows.map(toWire), totalCount: rows.length };
      },
    }),
  ];
}
