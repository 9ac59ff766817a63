// Delegated approval authority on the dedicated credit track (DOMAIN.md §2): the authority
// matrix routes an application by amount × grade × product to the level that must approve it, and
// each level may approve up to its own limit. Matrices are versioned policy data per bank;
// an application pins the version in force when it is filed.
import { bankVersionInForce, findBankVersion, type BankPolicy } from '../policy-versions.ts';
import { loanProducts, type LoanProduct } from './products.ts';
import {
  knowledgeValueGrades as creditGrades,
  type KnowledgeValueGrade as CreditGrade,
} from '../scorecards/knowledge-value.ts';

/** Lowest authority first. */
export const approvalLevels = [
  'SUB_BRANCH_APPROVER',
  'BRANCH_APPROVER',
  'CREDIT_COMMITTEE',
] as const;
export type ApprovalLevel = (typeof approvalLevels)[number];

export interface AmountBand {
  /** Inclusive upper bound in fen; null for the open band above the others. */
  readonly upToFen: number | null;
  readonly level: ApprovalLevel;
}

export interface AuthorityRule {
  readonly products: readonly LoanProduct[];
  readonly grades: readonly CreditGrade[];
  /** Ascending; the first band that holds the amount decides, the last is open. */
  readonly bands: readonly AmountBand[];
}

export interface AuthorityMatrix extends BankPolicy {
  /** Exactly one rule for each product × grade. */
  readonly rules: readonly AuthorityRule[];
  /** The most each level may approve, in fen; null for no limit within the bank. */
  readonly limitsFen: Readonly<Record<ApprovalLevel, number | null>>;
  readonly committee: CommitteePolicy;
}

export interface CommitteePolicy {
  /** Eligible members who must have voted for a decision to stand. */
  readonly quorum: number;
  /** What a tie means: a rejection, or a referral to the next authority (e.g. head office). */
  readonly tieBreak: 'reject' | 'escalate';
}

export interface LoanToRoute {
  readonly amountFen: number;
  readonly grade: CreditGrade;
  readonly product: LoanProduct;
}

/** The level above `level`, or undefined at the top. */
export function nextLevel(level: ApprovalLevel): ApprovalLevel | undefined {
  return approvalLevels[approvalLevels.indexOf(level) + 1];
}

function withinLimit(matrix: AuthorityMatrix, level: ApprovalLevel, amountFen: number): boolean {
  const limit = matrix.limitsFen[level];
  return limit === null || amountFen <= limit;
}

/**
 * The level that must approve the loan: the one its rule's band names, moved up while the
 * amount exceeds that level's limit, so rules and limits can never disagree in the
 * approver's favour.
 */
export function requiredLevel(matrix: AuthorityMatrix, loan: LoanToRoute): ApprovalLevel {
  assertFen(loan.amountFen);
  const rule = matrix.rules.find(
    (r) => r.products.includes(loan.product) && r.grades.includes(loan.grade),
  );
  const band = rule?.bands.find((b) => b.upToFen === null || loan.amountFen <= b.upToFen);
  if (!band) {
    throw new RangeError(
      `authority matrix ${matrix.bankCode} ${matrix.version} has no rule for ${loan.product}, grade ${loan.grade}`,
    );
  }
  let level: ApprovalLevel | undefined = band.level;
  while (level && !withinLimit(matrix, level, loan.amountFen)) level = nextLevel(level);
  if (!level) throw new RangeError(`amount ${loan.amountFen} fen exceeds every approval limit`);
  return level;
}

/**
 * Whether an approver at `approver` may decide an application routed to `required.level` for
 * `required.amountFen`: sitting at or above that level, and approving within their own limit.
 */
export function canApprove(
  matrix: AuthorityMatrix,
  approver: ApprovalLevel,
  required: { level: ApprovalLevel; amountFen: number },
): boolean {
  assertFen(required.amountFen);
  return (
    approvalLevels.indexOf(approver) >= approvalLevels.indexOf(required.level) &&
    withinLimit(matrix, approver, required.amountFen)
  );
}

/** The matrix governing the bank on `asOf` (ISO date). */
export const matrixInForce = (
  matrices: readonly AuthorityMatrix[],
  bankCode: string,
  asOf: string,
): AuthorityMatrix => bankVersionInForce(matrices, bankCode, asOf, 'authority matrix');

/** What makes a matrix unusable; empty when it answers every loan exactly one way. */
export function authorityMatrixProblems(matrix: AuthorityMatrix): string[] {
  const problems: string[] = [];
  for (const product of loanProducts) {
    for (const grade of creditGrades) {
      const count = matrix.rules.filter(
        (r) => r.products.includes(product) && r.grades.includes(grade),
      ).length;
      if (count !== 1) problems.push(`${product} grade ${grade}: ${count} rules`);
    }
  }
  matrix.rules.forEach((rule, i) => {
    const bounds = rule.bands.map((b) => b.upToFen);
    const ascending = bounds
      .slice(0, -1)
      .every((b, j) => b !== null && (j === 0 || b > bounds[j - 1]!));
    if (!ascending || bounds.at(-1) !== null) {
      problems.push(`rule ${i}: bands must ascend and end with an open band`);
    }
  });
  const limits = approvalLevels.map((level) => matrix.limitsFen[level] ?? Infinity);
  if (limits.some((limit, i) => i > 0 && limit <= limits[i - 1]!)) {
    problems.push('limits must rise with the level');
  }
  if (!Number.isSafeInteger(matrix.committee.quorum) || matrix.committee.quorum < 1) {
    problems.push('the committee quorum must be a positive integer');
  }
  return problems;
}

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen) || fen <= 0) {
    throw new RangeError(`amount must be a positive safe integer of fen, got ${fen}`);
  }
}

// The credit committee (贷审会) decides by vote. Majority means strictly more than half of
// the votes cast; with only approve and reject to choose from, an even split is a tie.

export interface CommitteeVote {
  readonly memberId: string;
  readonly choice: 'approve' | 'reject';
}

export interface CommitteeBallot extends CommitteePolicy {
  readonly members: readonly string[];
  /** The application's originator and reviewer: never voters on it, though members (four eyes). */
  readonly conflicted: readonly string[];
  /** In the order cast. */
  readonly votes: readonly CommitteeVote[];
  /** Voting has ended (the meeting closed or its deadline passed). */
  readonly closed: boolean;
}

export type VoteRefusal = 'not-a-member' | 'conflicted' | 'already-voted';

export type CommitteeTally = { readonly approve: number; readonly reject: number } & (
  | { readonly outcome: 'pending' | 'no-quorum' | 'approved' | 'rejected' }
  | { readonly outcome: 'tie'; readonly tieBreak: CommitteePolicy['tieBreak'] }
);

export class CommitteeVoteRefused extends Error {
  constructor(
    readonly memberId: string,
    readonly reason: VoteRefusal,
  ) {
    super(`vote of ${memberId} refused: ${reason}`);
    this.name = 'CommitteeVoteRefused';
  }
}

/** Why `vote` may not be added to the ballot's votes, or undefined when it may. */
export function voteRefusal(
  ballot: Pick<CommitteeBallot, 'members' | 'conflicted' | 'votes'>,
  vote: CommitteeVote,
): VoteRefusal | undefined {
  if (!ballot.members.includes(vote.memberId)) return 'not-a-member';
  if (ballot.conflicted.includes(vote.memberId)) return 'conflicted';
  if (ballot.votes.some((v) => v.memberId === vote.memberId)) return 'already-voted';
  return undefined;
}

/**
 * The committee's outcome. Pending until voting closes or every eligible member has voted;
 * then no-quorum if fewer than the quorum voted, else the majority's choice or a tie.
 * Throws CommitteeVoteRefused when a vote in the list should never have been accepted.
 */
export function tallyCommittee(ballot: CommitteeBallot): CommitteeTally {
  ballot.votes.forEach((vote, i) => {
    const reason = voteRefusal({ ...ballot, votes: ballot.votes.slice(0, i) }, vote);
    if (reason) throw new CommitteeVoteRefused(vote.memberId, reason);
  });
  const approve = ballot.votes.filter((v) => v.choice === 'approve').length;
  const reject = ballot.votes.length - approve;
  const eligible = new Set(ballot.members.filter((m) => !ballot.conflicted.includes(m)));
  const counts = { approve, reject };
  if (!ballot.closed && ballot.votes.length < eligible.size) {
    return { ...counts, outcome: 'pending' };
  }
  if (ballot.votes.length < ballot.quorum) return { ...counts, outcome: 'no-quorum' };
  if (approve * 2 > ballot.votes.length) return { ...counts, outcome: 'approved' };
  if (reject * 2 > ballot.votes.length) return { ...counts, outcome: 'rejected' };
  return { ...counts, outcome: 'tie', tieBreak: ballot.tieBreak };
}

/** The matrix of version `version` that governed the bank when an application pinned it. */
export const findMatrix = (
  matrices: readonly AuthorityMatrix[],
  bankCode: string,
  version: string,
): AuthorityMatrix => findBankVersion(matrices, bankCode, version, 'authority matrix');
