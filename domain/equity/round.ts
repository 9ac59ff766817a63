// An equity round (DOMAIN.md §4): the firm's term sheet (pre-money valuation, amount sought,
// instrument, minimum to close, deadline), investors' commitments, and the closing that
// issues new units at the round's price. The price is the pre-money valuation over the units
// before the round; each investor gets the whole units its money buys, and what is left of
// its money over those units goes to the capital reserve (资本公积), so a round creates and
// loses no unit and no fen.
import type { CapitalUnit, CapTableMove, Holding } from './cap-table.ts';
import { applyMoves, totalUnits } from './cap-table.ts';
import { monthsAfter } from '../loan/repayment-schedule.ts';

/** Longest a round stays open: a term sheet older than a year no longer prices the firm. */
const MAX_OPEN_MONTHS = 12;

export const instruments = ['ORDINARY', 'PREFERRED', 'CONVERTIBLE_NOTE'] as const;
export type Instrument = (typeof instruments)[number];

export interface RoundTerms {
  instrument: Instrument;
  preMoneyFen: number;
  amountSoughtFen: number;
  minimumFen: number;
  /** ISO date: the last day a commitment is taken; the round lapses after it unless closed. */
  deadline: string;
}

/** Why a term sheet cannot open, given the firm's cap table and the day it opens. */
export function termsProblems(
  terms: RoundTerms,
  firm: { capitalUnit: CapitalUnit; holdings: readonly Holding[] },
  openedOn: string,
): string[] {
  const problems: string[] = [];
  const units = totalUnits(firm.holdings);
  if (units === 0) problems.push('the firm has no cap table on record yet');
  if (terms.minimumFen > terms.amountSoughtFen)
    problems.push('the minimum to close is more than the amount sought');
  if (terms.deadline <= openedOn) problems.push(`the deadline must be after ${openedOn}`);
  const latest = monthsAfter(openedOn, MAX_OPEN_MONTHS);
  if (terms.deadline > latest) problems.push(`a round stays open until ${latest} at the latest`);
  // Company law forbids issuing capital below its face value: a fen of capital costs a fen.
  if (firm.capitalUnit === 'REGISTERED_CAPITAL_FEN' && units > 0 && terms.preMoneyFen < units)
    problems.push('the pre-money valuation prices the registered capital below its face value');
  const mostIssued = (BigInt(terms.amountSoughtFen) * BigInt(units)) / BigInt(terms.preMoneyFen);
  if (!Number.isSafeInteger(Number(mostIssued) + units))
    problems.push('the price is so low the units issued could not be counted exactly');
  return problems;
}

/** Why a commitment of `amountFen` on `on` cannot be taken, with `committedFen` already in. */
export function commitmentProblems(
  terms: RoundTerms,
  committedFen: number,
  amountFen: number,
  on: string,
): string[] {
  const problems: string[] = [];
  if (on > terms.deadline) problems.push(`the round's deadline ${terms.deadline} has passed`);
  if (committedFen + amountFen > terms.amountSoughtFen)
    problems.push(
      `the round seeks ${terms.amountSoughtFen} fen and ${committedFen} fen are committed`,
    );
  return problems;
}

/** 财税〔2018〕55号: an investor in a qualified start-up may deduct 70% after 24 months. */
export const taxDeduction = { afterMonths: 24, deductibleBp: 7_000 } as const;

export const closable = (terms: RoundTerms, committedFen: number, conditionsMet: boolean) =>
  conditionsMet && committedFen >= terms.minimumFen;

export interface Issue {
  holderId: string;
  amountFen: number;
  units: number;
  /** The part of the amount above the units' face value (registered capital only). */
  capitalReserveFen: number;
}

export interface Closing {
  issues: Issue[];
  moves: CapTableMove[];
  raisedFen: number;
  postMoneyFen: number;
  unitsBefore: number;
  unitsAfter: number;
}

/**
 * The closing of a round with these investments: the units each gets at the round's price,
 * ⌊amount × units before ÷ pre-money⌋ (never more than its money buys). A convertible note
 * issues no units until it converts; its money still counts in the post-money valuation.
 */
export function closeRound(
  terms: RoundTerms,
  firm: { capitalUnit: CapitalUnit; holdings: readonly Holding[] },
  investments: readonly { holderId: string; amountFen: number }[],
): Closing {
  const unitsBefore = totalUnits(firm.holdings);
  const issues = investments.map(({ holderId, amountFen }) => {
    const units =
      terms.instrument === 'CONVERTIBLE_NOTE'
        ? 0
        : Number((BigInt(amountFen) * BigInt(unitsBefore)) / BigInt(terms.preMoneyFen));
    if (!Number.isSafeInteger(units + unitsBefore)) {
      throw new RangeError(`a price this low issues more units than can be counted exactly`);
    }
    const capitalReserveFen = firm.capitalUnit === 'REGISTERED_CAPITAL_FEN' ? amountFen - units : 0;
    return { holderId, amountFen, units, capitalReserveFen };
  });
  const raisedFen = investments.reduce((sum, i) => sum + i.amountFen, 0);
  const moves = issues
    .filter((i) => i.units > 0)
    .map((i) => ({ holderId: i.holderId, unitsDelta: i.units }));
  return {
    issues,
    moves,
    raisedFen,
    postMoneyFen: terms.preMoneyFen + raisedFen,
    unitsBefore,
    unitsAfter: totalUnits(applyMoves(firm.holdings, moves)),
  };
}
