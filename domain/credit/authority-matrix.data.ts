import type { AuthorityMatrix } from './authority-matrix.ts';
import { ANY_BANK } from '../policy-versions.ts';

const YUAN = 100; // fen

/**
 * The platform's default matrix, which governs every bank (demo-bank included) until it
 * sets its own. A documented default: DOMAIN.md sets no figures, so every one is
 * configurable:
 * - credit loans, grade A–C: ≤ ¥3m sub-branch approver, ≤ ¥10m branch approver (the track's
 *   largest credit loan, DOMAIN.md §1.4), above that the credit committee;
 * - pledge loans (IP or equity), grade A–C: one level up, since their value rests on an
 *   appraisal and a registration: ≤ ¥3m branch approver, above that the committee;
 * - grade D–E, any product and amount: the committee, the weakest innovation scores being
 *   the riskiest.
 * Each level's limit matches the largest amount the rules send to it. The committee needs
 * three eligible voters (so a majority is never one person) and a tie rejects: a loan
 * needs a majority for it.
 */
export const defaultAuthority2026: AuthorityMatrix = {
  bankCode: ANY_BANK,
  version: 'authority@2026.1',
  effectiveFrom: '2026-01-01',
  rules: [
    {
      products: ['credit'],
      grades: ['A', 'B', 'C'],
      bands: [
        { upToFen: 3_000_000 * YUAN, level: 'SUB_BRANCH_APPROVER' },
        { upToFen: 10_000_000 * YUAN, level: 'BRANCH_APPROVER' },
        { upToFen: null, level: 'CREDIT_COMMITTEE' },
      ],
    },
    {
      products: ['ip-pledge', 'equity-pledge'],
      grades: ['A', 'B', 'C'],
      bands: [
        { upToFen: 3_000_000 * YUAN, level: 'BRANCH_APPROVER' },
        { upToFen: null, level: 'CREDIT_COMMITTEE' },
      ],
    },
    {
      products: ['credit', 'ip-pledge', 'equity-pledge'],
      grades: ['D', 'E'],
      bands: [{ upToFen: null, level: 'CREDIT_COMMITTEE' }],
    },
  ],
  limitsFen: {
    SUB_BRANCH_APPROVER: 3_000_000 * YUAN,
    BRANCH_APPROVER: 10_000_000 * YUAN,
    CREDIT_COMMITTEE: null,
  },
  committee: { quorum: 3, tieBreak: 'reject' },
};

/** Every matrix version of every bank. Old versions stay here forever. */
export const authorityMatrices: readonly AuthorityMatrix[] = [defaultAuthority2026];
