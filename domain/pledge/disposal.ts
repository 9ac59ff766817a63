// Disposal of a defaulted pledge loan's collateral (DOMAIN.md §3.6): each right is sold by
// agreed transfer, auction or sale, and its proceeds repay interest first, then principal,
// exact to the fen; what they cannot cover is the residual loss the risk pool is claimed for.

export const disposalMethods = ['agreed_transfer', 'auction', 'sale'] as const;
export type DisposalMethod = (typeof disposalMethods)[number];

/** Categories from which a loan may go to disposal: more than 90 days past due. */
export const disposableCategories = ['substandard', 'doubtful', 'loss'] as const;

export interface Owed {
  interestFen: number;
  principalFen: number;
}

export interface ProceedsApplied {
  toInterestFen: number;
  toPrincipalFen: number;
  /** What is left once nothing is owed: it goes back to the pledgor. */
  surplusFen: number;
}

/** Proceeds against what is owed: interest first, then principal; the parts sum to the proceeds. */
export function applyProceeds(owed: Owed, proceedsFen: number): ProceedsApplied {
  for (const [name, fen] of Object.entries({ ...owed, proceedsFen })) {
    if (!Number.isSafeInteger(fen) || fen < 0) {
      throw new RangeError(`${name} must be a non-negative whole number of fen, got ${fen}`);
    }
  }
  const toInterestFen = Math.min(proceedsFen, owed.interestFen);
  const toPrincipalFen = Math.min(proceedsFen - toInterestFen, owed.principalFen);
  return {
    toInterestFen,
    toPrincipalFen,
    surplusFen: proceedsFen - toInterestFen - toPrincipalFen,
  };
}

/** What is still owed once `applied` has been taken off. */
export const owedAfter = (owed: Owed, applied: readonly ProceedsApplied[]): Owed => ({
  interestFen: owed.interestFen - applied.reduce((sum, a) => sum + a.toInterestFen, 0),
  principalFen: owed.principalFen - applied.reduce((sum, a) => sum + a.toPrincipalFen, 0),
});
