// Risk-sharing schemes for guaranteed loans (DOMAIN.md §5; rules 20–23): who bears what share
// of a loss, what the guarantee may cost, and the caps that stop new business. A scheme is
// versioned policy data pinned by each deal. The regulation each family implements is fixed
// here in code; a version is published only within it.
import { findVersion, versionInForce, type Versioned } from '../policy-versions.ts';

/** The parties a loss is shared among. GOVERNMENT is the risk-compensation pool. */
export const riskParties = [
  'BANK',
  'GUARANTOR',
  'REGUARANTOR',
  'NATIONAL_FUND',
  'GOVERNMENT',
] as const;
export type RiskParty = (typeof riskParties)[number];

/** The special plan for innovation (财金〔2024〕60号) and the classic 4321 split. */
export const schemeFamilies = ['special-plan', 'classic-4321'] as const;
export type SchemeFamily = (typeof schemeFamilies)[number];

export interface SharingScheme extends Versioned {
  readonly family: SchemeFamily;
  /** Each party's share of a loss, in basis points summing to 10 000. */
  readonly sharesBp: Readonly<Record<RiskParty, number>>;
  /** The party a fen of rounding goes to first when remainders tie. */
  readonly residueParty: RiskParty;
  readonly fees: FeeCaps;
  /** The most guarantee one firm may hold across all its deals (rule 22: ¥30m). */
  readonly perFirmBalanceCapFen: number;
  /** Compensated ÷ guaranteed over the window at which new guarantees stop (rule 22: 5%). */
  readonly compensationRateCapBp: number;
  readonly compensationWindowMonths: number;
  readonly claims: ClaimTimes;
  /** Working days the guarantor's officer has to review a deal, and its approver to decide. */
  readonly diligenceWorkingDays: { readonly review: number; readonly decision: number };
}

export interface FeeCaps {
  /** The guarantee fee a year must stay below this (rule 21: under 1%). */
  readonly guaranteeBelowBp: number;
  /** The re-guarantee fee a year may reach `aboveBp` above the threshold, `upToBp` at or below. */
  readonly reguarantee: {
    readonly thresholdFen: number;
    readonly aboveBp: number;
    readonly upToBp: number;
  };
}

export interface ClaimTimes {
  /** Days past due at which the bank may claim on the guarantee (90, configurable). */
  readonly daysPastDue: number;
  /** Working days the guarantor has to pay the bank its share. */
  readonly guarantorPaysWorkingDays: number;
  /** Working days a re-guarantor or the national fund has to pay the guarantor. */
  readonly counterGuaranteePaysWorkingDays: number;
}

interface Bound {
  readonly parties: readonly RiskParty[];
  readonly minBp?: number;
  readonly maxBp?: number;
  readonly rule: string;
}

const exactly = (party: RiskParty, bp: number, rule: string): Bound => ({
  parties: [party],
  minBp: bp,
  maxBp: bp,
  rule,
});

/** What each family's regulation allows; a published version must keep all of it. */
const regulation: Record<SchemeFamily, { bounds: readonly Bound[]; fees: FeeCaps }> = {
  'special-plan': {
    bounds: [
      { parties: ['BANK'], minBp: 2000, rule: 'the bank bears at least 20%' },
      {
        parties: ['GUARANTOR', 'REGUARANTOR', 'NATIONAL_FUND', 'GOVERNMENT'],
        maxBp: 8000,
        rule: 'the government guarantee system bears at most 80%',
      },
      { parties: ['NATIONAL_FUND'], maxBp: 4000, rule: 'the national fund bears at most 40%' },
      { parties: ['REGUARANTOR'], minBp: 2000, rule: 'the re-guarantor bears at least 20%' },
    ],
    fees: {
      guaranteeBelowBp: 100,
      reguarantee: { thresholdFen: 5_000_000_00, aboveBp: 50, upToBp: 30 },
    },
  },
  'classic-4321': {
    bounds: [
      exactly('GUARANTOR', 4000, 'the guarantor bears 40%'),
      exactly('REGUARANTOR', 3000, 'the re-guarantor bears 30%'),
      exactly('BANK', 2000, 'the bank bears 20%'),
      exactly('GOVERNMENT', 1000, 'the local government bears 10%'),
    ],
    // Rule 21's caps, which the province applies to every guaranteed tech loan.
    fees: {
      guaranteeBelowBp: 100,
      reguarantee: { thresholdFen: 5_000_000_00, aboveBp: 50, upToBp: 30 },
    },
  },
};

/** Why a version cannot be published: shares that do not sum, break its family's rules, or fees above the caps. */
export function schemeProblems(scheme: SharingScheme): string[] {
  const problems: string[] = [];
  const shares = riskParties.map((p) => scheme.sharesBp[p]);
  if (shares.some((bp) => !Number.isInteger(bp) || bp < 0)) {
    problems.push('every share is a whole number of basis points, 0 or more');
  }
  const total = shares.reduce((a, b) => a + b, 0);
  if (total !== 10_000) problems.push(`the shares sum to ${total} bp, not 10000`);
  const { bounds, fees } = regulation[scheme.family];
  for (const bound of bounds) {
    const bp = bound.parties.reduce((sum, p) => sum + scheme.sharesBp[p], 0);
    const low = bound.minBp !== undefined && bp < bound.minBp;
    const high = bound.maxBp !== undefined && bp > bound.maxBp;
    if (low || high) problems.push(`${bound.rule} (${bp} bp)`);
  }
  if (scheme.sharesBp[scheme.residueParty] === 0) {
    problems.push(`the residue party ${scheme.residueParty} bears no share`);
  }
  if (scheme.fees.guaranteeBelowBp > fees.guaranteeBelowBp) {
    problems.push(`the guarantee fee must stay below ${fees.guaranteeBelowBp} bp a year`);
  }
  const re = scheme.fees.reguarantee;
  if (
    re.thresholdFen !== fees.reguarantee.thresholdFen ||
    re.aboveBp > fees.reguarantee.aboveBp ||
    re.upToBp > fees.reguarantee.upToBp
  ) {
    problems.push(
      `the re-guarantee fee may reach ${fees.reguarantee.aboveBp} bp above ` +
        `${fees.reguarantee.thresholdFen} fen and ${fees.reguarantee.upToBp} bp at or below`,
    );
  }
  return problems;
}

/** The family's version in force on `asOf`. */
export const schemeInForce = (
  schemes: readonly SharingScheme[],
  family: SchemeFamily,
  asOf: string,
): SharingScheme =>
  versionInForce(
    schemes.filter((s) => s.family === family),
    asOf,
    `${family} scheme`,
  );

export const findScheme = (schemes: readonly SharingScheme[], version: string): SharingScheme =>
  findVersion(schemes, version, 'sharing scheme');
