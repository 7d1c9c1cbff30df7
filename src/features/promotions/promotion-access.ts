import { AppError } from '../../platform/errors.ts';
import type { AccessPolicy, Caller, NamedRecord } from '../../platform/http/caller.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { PromotionOwner, PromotionStore } from './promotion-store.ts';

/**
 * The one door of D5: every record an action names is authorized through the record that owns
 * it. A dev account must be visible to the caller; a promotion must exist in such an account; a
 * branch must belong to such a promotion (the one the request names, when it names one); a
 * component must be one the owning promotion wrote. A promotion of another team is answered
 * exactly like a made-up id, so trying ids reveals nothing.
 */
export function createPromotionAccess(deps: {
  store: PromotionStore;
  accounts: AccountService;
  /** Client accounts: the primary one, or an active one of the caller's teams (all for admins). */
  clients?: { canSee(caller: Caller, clientAccountId: string): Promise<boolean> };
  /** A reviewer from another team the approval policy sends this record to. */
  reviewer?: (caller: Caller, promotionId: string) => Promise<boolean>;
  /** Rollbacks of releases: the dev account of the promotion they concern owns them. */
  rollbacks?: { ownerOf(rollbackId: string): Promise<{ devAccountId: string } | undefined> };
}): AccessPolicy {
  const { store, accounts } = deps;
  const visible = async (caller: Caller, owner: PromotionOwner | undefined) =>
    !!owner &&
    ((await accounts.canSeeAccount(caller, owner.devAccountId)) ||
      (caller.tier !== 'READONLY' && !!deps.reviewer && (await deps.reviewer(caller, owner.promotionId))));

  return {
    async authorize(caller, named) {
      for (const n of named.filter((r) => r.ref === 'clientAccount')) {
        if (!(await deps.clients?.canSee(caller, n.id))) {
          throw refused('CLIENT_ACCOUNT_NOT_FOUND', n, `No client account '${n.id}'`);
        }
      }
      for (const n of named.filter((r) => r.ref === 'devAccount')) {
        if (!(await accounts.canSeeAccount(caller, n.id))) {
          throw refused('ACCOUNT_NOT_AUTHORIZED', n, `You may not work with dev account '${n.id}'`);
        }
      }
      for (const n of named.filter((r) => r.ref === 'rollback')) {
        const found = await deps.rollbacks?.ownerOf(n.id);
        if (!found || !(await accounts.canSeeAccount(caller, found.devAccountId)))
          throw refused('ROLLBACK_NOT_FOUND', n, `No rollback '${n.id}'`);
      }
      let owner: PromotionOwner | undefined;
      for (const n of named.filter((r) => r.ref === 'promotion')) {
        const found = await store.ownerOf(n.id);
        if (!(await visible(caller, found))) throw refused('PROMOTION_NOT_FOUND', n, `No promotion '${n.id}'`);
        // The request's own promotionId owns its branch and components; others only must exist.
        if (n.field === 'promotionId' || !owner) owner = found;
      }
      for (const n of named.filter((r) => r.ref === 'branch')) {
        if (owner) {
          if (owner.branchId !== n.id) {
            throw refused('PROMOTION_NOT_FOUND', n, `Promotion '${owner.promotionId}' has no branch '${n.id}'`);
          }
          continue;
        }
        for (const candidate of await store.ownersOfBranch(n.id)) {
          if (await visible(caller, candidate)) owner = candidate;
        }
        if (!owner) throw refused('PROMOTION_NOT_FOUND', n, `No promotion has the branch '${n.id}'`);
      }
      for (const n of named.filter((r) => r.ref === 'component')) {
        if (!owner) throw refused('INVALID_REQUEST', n, `${n.field}: name the promotion (or branch) it belongs to`);
        if (!(await store.hasComponent(owner.promotionId, n.id))) {
          throw refused('COMPONENT_NOT_FOUND', n, `Promotion '${owner.promotionId}' has no component '${n.id}'`);
        }
      }
    },
  };
}

const refused = (
  code:
    | 'ACCOUNT_NOT_AUTHORIZED'
    | 'PROMOTION_NOT_FOUND'
    | 'COMPONENT_NOT_FOUND'
    | 'INVALID_REQUEST'
    | 'CLIENT_ACCOUNT_NOT_FOUND'
    | 'ROLLBACK_NOT_FOUND',
  n: NamedRecord,
  message: string,
) => new AppError(code, message, { details: { field: n.field } });
