/**
 * Where P3 keeps a hotfix justification for P4 (sessionStorage, per promotion), so the
 * deployment page still has it after a reload. It is sent to the server only on submission.
 */
export const hotfixDraftKey = (promotionId: string) => `promo.hotfix.${promotionId}`;
