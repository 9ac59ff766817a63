import { Decimal } from 'decimal.js';
import { z } from 'zod';
import {
  headcount,
  requireIndicators,
  threeYears,
  type EnterpriseIndicators,
  type WithIndicators,
} from './indicators.ts';
import { signedYuanFigure, yuanFigure } from '../money.ts';
import { boundValue, type Bound } from './ladder.ts';
import { atLeastCount, atLeastPercent, atLeastYuan } from './gates.ts';
import { Dec, formatPercent, ratio, sum } from './numbers.ts';
import type { FailedGate, ScorecardBase } from './types.ts';

export type ListingMetric =
  | 'net-profit-min-3y'
  | 'net-profit-sum-3y'
  | 'net-profit-latest'
  | 'net-profit-min-2y'
  | 'net-profit-sum-2y'
  | 'operating-cash-flow-sum-3y'
  | 'revenue-sum-3y'
  | 'revenue-latest'
  | 'market-value'
  | 'rd-sum-3y'
  | 'rd-of-revenue-3y'
  | 'rd-staff-share'
  | 'revenue-cagr-3y'
  | 'invention-patents';

/** A threshold on one metric: yuan, percent or a count, as the metric is measured. */
export type MetricGate = Bound & { readonly metric: ListingMetric };

/** Met when every condition is; a condition is met when any one of its gates is. */
export interface ListingRoute {
  readonly id: string;
  readonly allOf: readonly (readonly MetricGate[])[];
}

export interface ListingBoard {
  readonly board: 'main' | 'chinext' | 'star';
  readonly routes: readonly ListingRoute[];
  /** Findings that qualify on their own. */
  readonly exceptions: readonly ListingException[];
}

/** The listing-reserve gates (DOMAIN §7) as policy data. */
export interface ListingReserveScorecard extends ScorecardBase {
  readonly model: 'listing-reserve';
  readonly boards: readonly ListingBoard[];
}

/** What the enterprise indicators do not hold; three-year series run oldest first. */
export const listingFinancials = z.object({
  netProfit3y: threeYears(signedYuanFigure),
  operatingCashFlow3y: threeYears(signedYuanFigure),
  /** The expected market value; "0" when nobody has estimated one. */
  marketValue: yuanFigure,
  inventionPatents: headcount,
  /** The STAR exceptions that are findings rather than metrics. */
  exceptions: z.object({
    leadingCoreTech: z.boolean(),
    nationalAward: z.boolean(),
    nationalMajorProject: z.boolean(),
    importSubstitution: z.boolean(),
  }),
});
export type ListingFinancials = z.infer<typeof listingFinancials>;
export type ListingException = keyof ListingFinancials['exceptions'];

export interface ListingBoardResult {
  readonly board: ListingBoard['board'];
  readonly eligible: boolean;
  /** The first route or exception that is met. */
  readonly qualifiedBy: string | null;
  /**
   * When not eligible: the gates of every unmet condition of every route, as "<route>.<metric>";
   * a condition with alternatives lists each of them.
   */
  readonly failedGates: FailedGate[];
}

export interface ListingReserveResult {
  readonly model: 'listing-reserve';
  readonly version: string;
  /** Ready for at least one board. */
  readonly eligible: boolean;
  readonly boards: ListingBoardResult[];
}

type Check = (gate: string, bound: Bound) => FailedGate | undefined;

export function evaluateListingReserve(
  card: ListingReserveScorecard,
  input: EnterpriseIndicators,
  financials: ListingFinancials,
): ListingReserveResult {
  const firm = requireIndicators(input, 'listing-reserve', ['revenue3y', 'rdExpense3y', 'rdStaff']);
  const facts = listingFinancials.parse(financials);
  const metrics = measure(firm, facts);

  const boards = card.boards.map((board): ListingBoardResult => {
    const routes = board.routes.map((route) => {
      const conditions = route.allOf.map((anyOf) =>
        anyOf.map((g) => metrics[g.metric](`${route.id}.${g.metric}`, g)),
      );
      // A condition fails only when every alternative does; then each alternative's gap counts.
      const unmet = conditions.filter((gates) => gates.every((failure) => failure !== undefined));
      return {
        id: route.id,
        met: unmet.length === 0,
        failures: unmet.flat().filter((failure) => failure !== undefined),
      };
    });
    const qualifiedBy =
      routes.find((route) => route.met)?.id ??
      board.exceptions.find((exception) => facts.exceptions[exception]) ??
      null;
    return {
      board: board.board,
      eligible: qualifiedBy !== null,
      qualifiedBy,
      failedGates: qualifiedBy === null ? routes.flatMap((route) => route.failures) : [],
    };
  });

  return {
    model: 'listing-reserve',
    version: card.version,
    eligible: boards.some((board) => board.eligible),
    boards,
  };
}

function measure(
  firm: WithIndicators<'revenue3y' | 'rdExpense3y' | 'rdStaff'>,
  facts: ListingFinancials,
): Record<ListingMetric, Check> {
  const yuan =
    (value: Decimal): Check =>
    (gate, bound) =>
      atLeastYuan(gate, value, bound);
  const [, profit2, profit3] = facts.netProfit3y;
  const [revenue1, , revenue3] = firm.revenue3y;
  return {
    'net-profit-min-3y': yuan(Dec.min(...facts.netProfit3y)),
    'net-profit-sum-3y': yuan(sum(facts.netProfit3y)),
    'net-profit-latest': yuan(new Dec(profit3)),
    'net-profit-min-2y': yuan(Dec.min(profit2, profit3)),
    'net-profit-sum-2y': yuan(sum([profit2, profit3])),
    'operating-cash-flow-sum-3y': yuan(sum(facts.operatingCashFlow3y)),
    'revenue-sum-3y': yuan(sum(firm.revenue3y)),
    'revenue-latest': yuan(new Dec(revenue3)),
    'market-value': yuan(new Dec(facts.marketValue)),
    'rd-sum-3y': yuan(sum(firm.rdExpense3y)),
    'rd-of-revenue-3y': (gate, bound) =>
      atLeastPercent(gate, ratio(sum(firm.rdExpense3y), sum(firm.revenue3y)), bound),
    'rd-staff-share': (gate, bound) =>
      atLeastPercent(gate, ratio(firm.rdStaff, firm.employees), bound),
    'revenue-cagr-3y': (gate, bound) => cagrGate(gate, revenue1, revenue3, bound),
    // Counts are whole: more than n is at least n + 1.
    'invention-patents': (gate, bound) =>
      atLeastCount(
        gate,
        facts.inventionPatents,
        Number(boundValue(bound)) + ('above' in bound ? 1 : 0),
      ),
  };
}

/**
 * Compound growth over the two steps of a three-year window, √(y3/y1) − 1, compared exactly
 * as y3 ≥ y1·(1 + bound)². Without first-year revenue there is no rate to meet the bound.
 */
function cagrGate(
  gate: string,
  first: string,
  latest: string,
  bound: Bound,
): FailedGate | undefined {
  const [y1, y3] = [new Dec(first), new Dec(latest)];
  const min = new Dec(boundValue(bound));
  const strict = 'above' in bound;
  const required = `${strict ? '>' : '≥'} ${min.toFixed()}%`;
  if (y1.lte(0)) return { gate, value: 'n/a', required, gap: null };
  const target = y1.times(min.div(100).plus(1).pow(2));
  if (strict ? y3.gt(target) : y3.gte(target)) return undefined;
  const cagr = y3.div(y1).sqrt().minus(1).times(100);
  return {
    gate,
    value: formatPercent(cagr, Decimal.ROUND_FLOOR),
    required,
    gap: formatPercent(min.minus(cagr), Decimal.ROUND_UP),
  };
}
