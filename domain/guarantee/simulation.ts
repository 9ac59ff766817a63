// What-if of risk sharing on a portfolio of guaranteed loans (DOMAIN.md §5): seeded scenarios
// of defaults, each settled to the fen exactly as a claim would be (settleLoss, then the
// recovery by splitRecovery), reporting what each party is left bearing, the fees earned and
// which portfolio breakers would trip, and when. Pure: the same input and seed give the same
// result. Simplifications, each deliberate and each on the side of a quick, readable model:
// - Every loan is disbursed in month 0 and amortises straight-line. A loan defaulting in month
//   m (1 = the first month of its term) has paid m − 1 instalments and loses the principal
//   still outstanding, ⌊amount × (term − m + 1) / term⌋, at least a fen. Interest is ignored.
// - A default is claimed and compensated in the month it happens (no 90 days past due, no
//   payment times); its recovery comes later and moves no breaker.
// - The compensation rate is what the guarantors paid the banks over the trailing window ÷
//   the whole portfolio's guaranteed amount (every loan counts as guaranteed in every window).
// - The pool's NPL ratio is the principal defaulted so far ÷ the principal disbursed: nothing
//   is written off and performing loans are not amortised.
// - A tripped breaker changes nothing: the pool keeps paying; the result says when it would
//   have stopped.
// - The fees are earned in full, whether the loan defaults or not: the guarantee fee by the
//   guarantor, and the re-guarantee fee by the re-guarantor, both on the guaranteed amount.
import { basisPointsOf } from '../allocation.ts';
import { rateBp, reachesCap } from './breakers.ts';
import { feeFor, type FeeTerms } from './fees.ts';
import { settleLoss, splitRecovery } from './loss-sharing.ts';
import { poolStanding, type PoolPolicy } from './pool-policy.ts';
import { riskParties, type RiskParty, type SharingScheme } from './sharing-scheme.ts';

export interface SimulatedLoan {
  readonly amountFen: number;
  readonly termMonths: number;
  /** A firm's first loan, or a credit or IP loan: the pool adds its bonus (rule 19). */
  readonly bonus: boolean;
}

/** One default of an explicit scenario: `month` of the loan's term, 1 to term. */
export interface ExplicitDefault {
  /** Index into `loans`; a loan defaults at most once. */
  readonly loan: number;
  readonly month: number;
  /** The principal lost; by default the outstanding principal (see above). */
  readonly lossFen?: number;
  readonly recoveredFen: number;
}

/** Either rates, drawn over `scenarios`, or one explicit scenario of `defaults`. */
export interface SimulationInput {
  readonly loans: readonly SimulatedLoan[];
  readonly scheme: SharingScheme;
  readonly pool: PoolPolicy;
  /** A year, in basis points of the guaranteed amount. */
  readonly fees: FeeTerms;
  /** 1 to 10 000; 1 with `defaults`. */
  readonly scenarios: number;
  /** 0 to 2³² − 1. */
  readonly seed: number;
  /** The probability a loan defaults over its term. */
  readonly defaultRateBp?: number;
  /** The share of each loss later recovered, floored to the fen. */
  readonly recoveryRateBp?: number;
  readonly defaults?: readonly ExplicitDefault[];
}

/** Over the scenarios: the mean (total ÷ scenarios, floored), p95 (nearest rank), the worst. */
export interface Spread {
  readonly meanFen: number;
  readonly p95Fen: number;
  readonly worstFen: number;
}

export const simulatedCaps = ['compensation_rate', 'pool_warning', 'pool_suspended'] as const;
export type SimulatedCap = (typeof simulatedCaps)[number];

export interface CapOutcome {
  /** Scenarios in which the breaker tripped, in basis points of all, floored. */
  readonly trippedBp: number;
  /** Among those, the median month it first tripped (the lower one of an even count). */
  readonly medianFirstMonth: number | null;
}

export interface SimulationResult {
  readonly scenarios: number;
  readonly loans: number;
  readonly seed: number;
  /** What each party bears net of recoveries; within a scenario they sum to loss − recovered. */
  readonly netLossFen: Readonly<Record<RiskParty, Spread>>;
  readonly lossFen: Spread;
  readonly recoveredFen: Spread;
  /** What the pool paid out on the claims, before any recovery. */
  readonly poolDrawdownFen: Spread;
  /** Exact totals over the portfolio; the same in every scenario. */
  readonly feesFen: { readonly guarantee: number; readonly reguarantee: number };
  readonly caps: Readonly<Record<SimulatedCap, CapOutcome>>;
}

export function simulateRiskSharing(input: SimulationInput): SimulationResult {
  validate(input);
  const { loans, scheme, pool, scenarios } = input;
  const guaranteedFen = loans.reduce((sum, l) => sum + l.amountFen, 0);
  const lastMonth = loans.reduce((most, l) => Math.max(most, l.termMonths), 0);
  // Per-scenario figures, one row of `scenarios` each: the five parties, then loss, recovered
  // and pool draw-down. Typed arrays, so a scenario allocates nothing but its settlements.
  const figures = new Float64Array((riskParties.length + 3) * scenarios);
  const [LOSS, RECOVERED, POOL] = [5, 6, 7] as const;
  const row = (i: number) => figures.subarray(i * scenarios, (i + 1) * scenarios);
  const firstTrip = Object.fromEntries(
    simulatedCaps.map((cap) => [cap, new Int32Array(scenarios)]),
  ) as Record<SimulatedCap, Int32Array>;
  // By month of the scenario in hand: what the guarantors paid the banks, principal defaulted.
  const compensated = new Float64Array(lastMonth + 1);
  const defaulted = new Float64Array(lastMonth + 1);
  let s = 0; // the scenario in hand, for `settle`
  const add = (i: number, fen: number) => {
    figures[i * scenarios + s]! += fen;
  };

  const settle = (loan: SimulatedLoan, month: number, lossFen: number, recoveredFen: number) => {
    const settlement = settleLoss(scheme, pool, lossFen, loan.bonus);
    const back = splitRecovery(settlement.borneFen, recoveredFen, scheme.residueParty);
    // Borne sums to the loss and back to the recovery, so the net sums to loss − recovered.
    for (let p = 0; p < riskParties.length; p++) {
      const party = riskParties[p]!;
      add(p, settlement.borneFen[party] - back[party]);
    }
    add(LOSS, lossFen);
    add(RECOVERED, recoveredFen);
    add(POOL, settlement.pool.amountFen);
    const toBank = settlement.payments.find((p) => p.from === 'GUARANTOR' && p.to === 'BANK');
    compensated[month]! += toBank?.amountFen ?? 0;
    defaulted[month]! += lossFen;
  };

  const random = splitmix32(input.seed);
  // A default when a 32-bit draw falls below the rate's share of 2³² (10 000 bp: always).
  const threshold = Math.floor(((input.defaultRateBp ?? 0) * 2 ** 32) / 10_000);
  for (; s < scenarios; s++) {
    compensated.fill(0);
    defaulted.fill(0);
    if (input.defaults) {
      for (const d of input.defaults) {
        const loan = loans[d.loan]!;
        settle(loan, d.month, d.lossFen ?? outstanding(loan, d.month), d.recoveredFen);
      }
    } else {
      for (const loan of loans) {
        if (random() >= threshold) continue;
        const month = 1 + Math.floor((random() * loan.termMonths) / 2 ** 32);
        const lossFen = outstanding(loan, month);
        settle(loan, month, lossFen, basisPointsOf(lossFen, input.recoveryRateBp!));
      }
    }
    tripBreakers(s);
  }

  function tripBreakers(scenario: number) {
    const window = scheme.compensationWindowMonths;
    let inWindow = 0;
    let defaultedSoFar = 0;
    const trip = (cap: SimulatedCap, month: number) => {
      if (firstTrip[cap][scenario] === 0) firstTrip[cap][scenario] = month;
    };
    for (let m = 1; m <= lastMonth; m++) {
      inWindow += compensated[m]! - (m > window ? compensated[m - window]! : 0);
      // The rate only rises in a month with a claim, so only those months can trip it.
      if (
        compensated[m]! > 0 &&
        reachesCap(inWindow, guaranteedFen, scheme.compensationRateCapBp)
      ) {
        trip('compensation_rate', m);
      }
      if (defaulted[m]! === 0) continue;
      defaultedSoFar += defaulted[m]!;
      const standing = poolStanding(pool, rateBp(defaultedSoFar, guaranteedFen));
      if (standing !== 'normal') trip('pool_warning', m);
      if (standing === 'suspended') trip('pool_suspended', m);
    }
  }

  const fee = (bp: number) =>
    loans.reduce((sum, l) => sum + feeFor(l.amountFen, bp, l.termMonths), 0);
  return {
    scenarios,
    loans: loans.length,
    seed: input.seed,
    netLossFen: Object.fromEntries(riskParties.map((p, i) => [p, spread(row(i))])) as Record<
      RiskParty,
      Spread
    >,
    lossFen: spread(row(LOSS)),
    recoveredFen: spread(row(RECOVERED)),
    poolDrawdownFen: spread(row(POOL)),
    feesFen: { guarantee: fee(input.fees.guaranteeBp), reguarantee: fee(input.fees.reguaranteeBp) },
    caps: Object.fromEntries(
      simulatedCaps.map((cap) => [cap, capOutcome(firstTrip[cap], scenarios)]),
    ) as Record<SimulatedCap, CapOutcome>,
  };
}

/** ⌊amount × (term − month + 1) / term⌋ without a product that could pass 2⁵³; at least a fen. */
function outstanding({ amountFen, termMonths }: SimulatedLoan, month: number): number {
  const left = termMonths - month + 1;
  const perMonth = Math.floor(amountFen / termMonths);
  const rest = amountFen - perMonth * termMonths;
  return Math.max(1, perMonth * left + Math.floor((rest * left) / termMonths));
}

function spread(values: Float64Array): Spread {
  const sorted = Float64Array.from(values).sort();
  // Summed as BigInt: 10 000 scenarios of a large portfolio can pass 2⁵³ fen.
  const total = sorted.reduce((sum, v) => sum + BigInt(v), 0n);
  return {
    meanFen: Number(total / BigInt(sorted.length)),
    p95Fen: sorted[Math.ceil((sorted.length * 95) / 100) - 1]!,
    worstFen: sorted[sorted.length - 1]!,
  };
}

function capOutcome(firstMonths: Int32Array, scenarios: number): CapOutcome {
  const tripped = firstMonths.filter((m) => m > 0).sort();
  return {
    trippedBp: Math.floor((tripped.length * 10_000) / scenarios),
    medianFirstMonth: tripped.length ? tripped[(tripped.length - 1) >> 1]! : null,
  };
}

/** splitmix32: a small, fast, seeded generator of 32-bit unsigned integers. */
function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

function validate(input: SimulationInput): void {
  const { loans, defaults, scenarios, seed } = input;
  need(within(loans.length, 1, 100_000), `loans must number 1–100000, got ${loans.length}`);
  loans.forEach(({ amountFen, termMonths }, i) => {
    need(within(amountFen, 1), `loan ${i}: amountFen must be a safe integer ≥ 1, got ${amountFen}`);
    need(within(termMonths, 1, 360), `loan ${i}: termMonths must be 1–360, got ${termMonths}`);
  });
  const total = loans.reduce((sum, l) => sum + l.amountFen, 0);
  need(within(total, 1), `the loans must sum to a safe integer of fen, got ${total}`);
  need(within(seed, 0, 2 ** 32 - 1), `seed must be an integer 0–4294967295, got ${seed}`);
  need(within(scenarios, 1, 10_000), `scenarios must be 1–10000, got ${scenarios}`);
  const bp = (name: string, v: number | undefined) =>
    need(within(v, 0, 10_000), `${name} must be 0–10000 bp, got ${v}`);
  bp('fees.guaranteeBp', input.fees.guaranteeBp);
  bp('fees.reguaranteeBp', input.fees.reguaranteeBp);
  if (!defaults) {
    bp('defaultRateBp', input.defaultRateBp);
    bp('recoveryRateBp', input.recoveryRateBp);
    return;
  }
  const rates = [input.defaultRateBp, input.recoveryRateBp];
  need(
    rates.every((r) => r === undefined),
    'give either the rates or the defaults, not both',
  );
  need(scenarios === 1, `an explicit scenario of defaults is one scenario, not ${scenarios}`);
  const seen = new Set<number>();
  defaults.forEach((d, i) => {
    const loan = Number.isInteger(d.loan) ? loans[d.loan] : undefined;
    if (!loan) throw new RangeError(`default ${i}: there is no loan ${d.loan}`);
    need(!seen.has(d.loan), `default ${i}: loan ${d.loan} defaults twice`);
    seen.add(d.loan);
    const term = loan.termMonths;
    need(within(d.month, 1, term), `default ${i}: month must be 1–${term}, got ${d.month}`);
    const lossFen = d.lossFen ?? outstanding(loan, d.month);
    const most = loan.amountFen;
    need(within(lossFen, 0, most), `default ${i}: lossFen must be 0–${most}, got ${lossFen}`);
    need(within(d.recoveredFen, 0, lossFen), `default ${i}: recoveredFen must be 0–${lossFen}`);
  });
}

const within = (v: number | undefined, lo: number, hi = Number.MAX_SAFE_INTEGER) =>
  Number.isSafeInteger(v) && v! >= lo && v! <= hi;

function need(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}
