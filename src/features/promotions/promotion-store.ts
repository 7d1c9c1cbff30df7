/** The promotion records (PromotionLog, 10-backend.md §1.1). Grows with the promotion engine. */
export interface PromotionStore {
  /** The dev account a promotion belongs to, or undefined when there is no such promotion. */
  accountOf(promotionId: string): Promise<string | undefined>;
}
