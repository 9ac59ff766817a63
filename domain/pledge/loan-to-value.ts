// How much a pledge secures (rule 15): each right's appraised value times its kind's LTV cap,
// floored to the fen, so the sum never passes the cap and the parts always sum to the whole.
import { monthsAfter } from '../loan/repayment-schedule.ts';
import type { CollateralKind } from './collateral.ts';
import type { PledgePolicy } from './pledge-policy.ts';

export const appraisalMethods = ['income', 'market', 'cost'] as const;

/** An appraiser's report on one pledged right. */
export interface Appraisal {
  appraiser: string;
  /** ISO date of the report: it is valid for the policy's months from then (rule 18). */
  appraisedOn: string;
  valueFen: number;
  method: (typeof appraisalMethods)[number];
  /** The uploaded report (a document of the case). */
  documentId: string;
}

/** A pledged right as a decision weighs it: what it is and, once appraised, its report. */
export interface PledgedItem {
  pledgeId: string;
  /** How people name it: "INVENTION_PATENT ZL2021…" or "equity of 9142…". */
  label: string;
  kind: CollateralKind;
  appraisal?: Appraisal;
}

/** The first day an appraisal no longer counts. */
export const appraisalExpiresOn = (
  appraisal: Pick<Appraisal, 'appraisedOn'>,
  policy: Pick<PledgePolicy, 'appraisalValidMonths'>,
): string => monthsAfter(appraisal.appraisedOn, policy.appraisalValidMonths);

/** Each right's cap (appraised value × its kind's LTV, floored to the fen) and their sum. */
export function loanToValue(
  items: readonly { kind: CollateralKind; valueFen: number }[],
  policy: Pick<PledgePolicy, 'ltvBp'>,
): { capsFen: number[]; totalFen: number } {
  const capsFen = items.map(({ kind, valueFen }) => {
    if (!Number.isSafeInteger(valueFen) || valueFen < 0) {
      throw new RangeError(`an appraised value is a whole number of fen, got ${valueFen}`);
    }
    // BigInt: value × basis points passes 2^53 for values above about ¥9 billion.
    return Number((BigInt(valueFen) * BigInt(policy.ltvBp[kind])) / 10_000n);
  });
  return { capsFen, totalFen: capsFen.reduce((a, b) => a + b, 0) };
}

/**
 * Why terms cannot be approved on this collateral on `asOf`, or undefined: a term past the
 * product's longest, a right without a valid appraisal, an amount above Σ LTV × value.
 */
export function pledgeTermsProblem(
  policy: PledgePolicy,
  product: 'ip-pledge' | 'equity-pledge',
  items: readonly PledgedItem[],
  terms: { amountFen: number; termMonths: number },
  asOf: string,
): string | undefined {
  const maxTerm = policy.maxTermMonths[product];
  if (terms.termMonths > maxTerm) return `a ${product} loan runs at most ${maxTerm} months`;
  const appraised: { kind: CollateralKind; valueFen: number }[] = [];
  for (const item of items) {
    if (!item.appraisal) return `${item.label} has no appraisal report yet`;
    const expiresOn = appraisalExpiresOn(item.appraisal, policy);
    if (expiresOn <= asOf) {
      return `the appraisal of ${item.label} expired on ${expiresOn}: a new report is needed`;
    }
    appraised.push({ kind: item.kind, valueFen: item.appraisal.valueFen });
  }
  const { totalFen } = loanToValue(appraised, policy);
  if (terms.amountFen > totalFen) {
    return `the amount is above the ${totalFen} fen the collateral secures (appraised value × LTV)`;
  }
  return undefined;
}
