import type { Queryable } from '../../platform/db.ts';
import type { PromotionStore } from './promotion-store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createPgPromotionStore(db: Queryable): PromotionStore {
  return {
    async accountOf(promotionId) {
      if (!UUID.test(promotionId)) return undefined;
      const { rows } = await db.query<{ dev_account_id: string }>('select dev_account_id from promotion_log where promotion_id = $1', [promotionId]);
      return rows[0]?.dev_account_id;
    },
  };
}
