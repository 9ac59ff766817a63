// Whether a right may be pledged, and stays sound while pledged (DOMAIN.md §3.1, §4; rule
// 17): an IP right valid, its fees paid, undisputed and not pledged to anyone else; shares
// not frozen, held by the shareholder named, in a company whose articles allow the pledge.
// Judged on what the registry answers, so filing, the check before the money and the
// quarterly re-check all apply the same rule.

/** An IP right's legal status at its registry. */
export interface IpLegalStatus {
  holderUscc: string;
  title: string;
  /** False once lapsed, expired, surrendered or invalidated. */
  inForce: boolean;
  /** ISO date the annual fees are paid up to; null for a right that owes none. */
  feesPaidTo: string | null;
  invalidationRequested: boolean;
  /** The registration number of the pledge it stands under, if any. */
  pledgedUnder: string | null;
}

/** A holding of shares at the market-regulation registry. */
export interface EquityStatus {
  companyName: string;
  shareholder: string;
  /** Registered capital the shareholder subscribed, in fen. */
  subscribedFen: number;
  /** The holding's share of the company's registered capital, in basis points. */
  shareBp: number;
  /** Frozen or seized by a court. */
  frozen: boolean;
  articlesForbidPledge: boolean;
  pledgedUnder: string | null;
}

export const rightProblems = [
  'unknown',
  'not_holder',
  'lapsed',
  'fees_unpaid',
  'invalidation_requested',
  'already_pledged',
  'frozen',
  'pledge_forbidden',
] as const;
export type RightProblem = (typeof rightProblems)[number];

export const rightProblemText: Readonly<Record<RightProblem, string>> = {
  unknown: 'the registry has no such right',
  not_holder: 'the registry names another holder',
  lapsed: 'the right is no longer in force',
  fees_unpaid: 'its fees are not paid',
  invalidation_requested: 'a request to invalidate it is pending',
  already_pledged: 'it is already pledged',
  frozen: 'the shares are frozen',
  pledge_forbidden: "the company's articles forbid pledging its shares",
};

/** `ownPledge`: the registration number of this loan's own pledge, which is no obstacle. */
export function ipRightProblems(
  status: IpLegalStatus | null,
  { holderUscc, asOf, ownPledge }: { holderUscc: string; asOf: string; ownPledge?: string },
): RightProblem[] {
  if (!status) return ['unknown'];
  const problems: RightProblem[] = [];
  if (status.holderUscc !== holderUscc) problems.push('not_holder');
  if (!status.inForce) problems.push('lapsed');
  if (status.feesPaidTo !== null && status.feesPaidTo < asOf) problems.push('fees_unpaid');
  if (status.invalidationRequested) problems.push('invalidation_requested');
  if (status.pledgedUnder !== null && status.pledgedUnder !== ownPledge) {
    problems.push('already_pledged');
  }
  return problems;
}

export function equityProblems(
  status: EquityStatus | null,
  { shareholder, ownPledge }: { shareholder: string; ownPledge?: string },
): RightProblem[] {
  if (!status) return ['unknown'];
  const problems: RightProblem[] = [];
  if (status.shareholder !== shareholder) problems.push('not_holder');
  if (status.frozen) problems.push('frozen');
  if (status.articlesForbidPledge) problems.push('pledge_forbidden');
  if (status.pledgedUnder !== null && status.pledgedUnder !== ownPledge) {
    problems.push('already_pledged');
  }
  return problems;
}

/** "INVENTION_PATENT ZL… : its fees are not paid; it is already pledged". */
export const describeProblems = (label: string, problems: readonly RightProblem[]): string =>
  `${label}: ${problems.map((p) => rightProblemText[p]).join('; ')}`;
