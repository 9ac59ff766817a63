// A default on a guaranteed loan, settled to the fen (DOMAIN.md §5): the scheme splits the
// principal loss; the guarantor pays the bank everything but the bank's share, then recovers
// the re-guarantor's and the national fund's shares and files with the pool, which pays its
// share or, in a scheme that gives it none, compensates the guarantor under its own rules
// (rule 19). Later recoveries go back to each party pro rata to what it still bears.
import { allocate, basisPointsOf } from '../allocation.ts';
import type { PoolPolicy } from './pool-policy.ts';
import { riskParties, type RiskParty, type SharingScheme } from './sharing-scheme.ts';

export type Amounts = Record<RiskParty, number>;

export interface Payment {
  readonly from: RiskParty;
  readonly to: RiskParty;
  readonly amountFen: number;
}

export interface PoolAward {
  /** 'share': the scheme's GOVERNMENT share; 'rules': rule 19's rate, capped. */
  readonly basis: 'share' | 'rules';
  readonly amountFen: number;
  /** For 'rules': the rate applied to the principal loss, and the cap it met. */
  readonly rateBp?: number;
  readonly capFen?: number;
}

export interface Settlement {
  readonly lossFen: number;
  /** Each party's share of the loss under the scheme. */
  readonly sharesFen: Amounts;
  /** What moves between the parties, in the order it is claimed. */
  readonly payments: readonly Payment[];
  readonly pool: PoolAward;
  /** What each party is left bearing once every claim is paid; sums to the loss. */
  readonly borneFen: Amounts;
}

/**
 * Splits the loss by the scheme's shares: each party the floor of its exact share, the
 * residue (under a fen per party) to the scheme's residue party. Every other party bears at
 * most its exact share, so with an uncapped residue party (the special plan's bank) no
 * capped share ever passes its cap, even by a fraction of a fen.
 */
function splitLoss(scheme: SharingScheme, lossFen: number): Amounts {
  const floors = Object.fromEntries(
    riskParties.map((p) => [p, basisPointsOf(lossFen, scheme.sharesBp[p])]),
  ) as Amounts;
  const residue = lossFen - riskParties.reduce((sum, p) => sum + floors[p], 0);
  return { ...floors, [scheme.residueParty]: floors[scheme.residueParty] + residue };
}

/** What the pool pays on a guaranteed loan's loss. `bonus`: a first loan, or a credit or IP loan. */
function poolAward(
  scheme: SharingScheme,
  pool: PoolPolicy,
  shares: Amounts,
  lossFen: number,
  bonus: boolean,
): PoolAward {
  if (scheme.sharesBp.GOVERNMENT > 0) return { basis: 'share', amountFen: shares.GOVERNMENT };
  const rateBp = pool.guaranteedRateBp + (bonus ? pool.bonusBp : 0);
  const byRate = basisPointsOf(lossFen, rateBp);
  const capFen = basisPointsOf(shares.GUARANTOR, pool.capOfBorneBp);
  return { basis: 'rules', amountFen: Math.min(byRate, capFen), rateBp, capFen };
}

/** The whole settlement of one default: shares, the claims between parties, the pool's award. */
export function settleLoss(
  scheme: SharingScheme,
  pool: PoolPolicy,
  lossFen: number,
  bonus: boolean,
): Settlement {
  const sharesFen = splitLoss(scheme, lossFen);
  const award = poolAward(scheme, pool, sharesFen, lossFen, bonus);
  const claims: Payment[] = [
    { from: 'GUARANTOR', to: 'BANK', amountFen: lossFen - sharesFen.BANK },
    { from: 'REGUARANTOR', to: 'GUARANTOR', amountFen: sharesFen.REGUARANTOR },
    { from: 'NATIONAL_FUND', to: 'GUARANTOR', amountFen: sharesFen.NATIONAL_FUND },
    { from: 'GOVERNMENT', to: 'GUARANTOR', amountFen: award.amountFen },
  ];
  const payments = claims.filter((p) => p.amountFen > 0);
  const borneFen: Amounts = {
    BANK: sharesFen.BANK,
    REGUARANTOR: sharesFen.REGUARANTOR,
    NATIONAL_FUND: sharesFen.NATIONAL_FUND,
    GOVERNMENT: award.amountFen,
    GUARANTOR:
      lossFen - sharesFen.BANK - sharesFen.REGUARANTOR - sharesFen.NATIONAL_FUND - award.amountFen,
  };
  return { lossFen, sharesFen, payments, pool: award, borneFen };
}

/**
 * One recovery split among the parties by what each still bears (what it paid less what it
 * has had back), largest remainder, ties to the residue party: the parts sum to the
 * recovery, stay pro rata to what each paid within a fen, and never return a party more
 * than it paid. Refused above what is still unrecovered.
 */
export function splitRecovery(
  stillBorneFen: Amounts,
  amountFen: number,
  residueParty: RiskParty,
): Amounts {
  const weights = riskParties.map((p) => stillBorneFen[p]);
  const outstanding = weights.reduce((a, b) => a + b, 0);
  if (amountFen > outstanding) {
    throw new RangeError(
      `a recovery of ${amountFen} fen exceeds the ${outstanding} fen unrecovered`,
    );
  }
  if (amountFen === 0) return zeroAmounts();
  const parts = allocate(amountFen, weights, riskParties.indexOf(residueParty));
  return Object.fromEntries(riskParties.map((p, i) => [p, parts[i]!])) as Amounts;
}

function zeroAmounts(): Amounts {
  return { BANK: 0, GUARANTOR: 0, REGUARANTOR: 0, NATIONAL_FUND: 0, GOVERNMENT: 0 };
}
