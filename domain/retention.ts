// How long the platform keeps what it copies of people's data (PIPL: no longer than needed).
// Records the law makes a bank keep (the decision trail, AML customer and transaction records:
// ten years and more, DOMAIN.md §9) are not copies and are not purged here.

/**
 * A stored reply to an Idempotency-Key: the answer a retry gets back, with the case as it then
 * was. Clients retry within minutes; a day covers an outage and a weekend's batch re-run.
 */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
