// POST /v1/simulations/risk-sharing: what a portfolio's defaults would cost each party under a
// scheme (simulateRiskSharing, DOMAIN.md §5). A calculation: nothing is stored. Money crosses
// the edge as yuan strings, so the response names each figure without its Fen suffix.
import { z } from 'zod';
import { shanghaiDate } from '../../domain/calendar.ts';
import { feeKinds, feeProblems, type FeeTerms } from '../../domain/guarantee/fees.ts';
import { poolPolicies } from '../../domain/guarantee/pool-policy.data.ts';
import { poolPolicyInForce } from '../../domain/guarantee/pool-policy.ts';
import {
  riskParties,
  schemeFamilies,
  schemeInForce,
  type SharingScheme,
} from '../../domain/guarantee/sharing-scheme.ts';
import {
  simulatedCaps,
  simulateRiskSharing,
  type SimulatedLoan,
} from '../../domain/guarantee/simulation.ts';
import { fenToYuan, yuanAmount, yuanFigure, yuanToFen } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { allSchemes } from '../../prisma/scheme-store.ts';
import { AppError, notFound } from '../errors.ts';
import type { RouteTable } from './define.ts';

const MAX_LOANS = 10_000;
const MAX_SCENARIOS = 1_000;
// A scenario settles every loan that defaults: at a 100% default rate a million settlements
// hold the event loop about 3.5 s, so loans × scenarios is bounded as well as each factor.
const MAX_LOAN_SCENARIOS = 1_000_000;

const int = (min: number, max: number, description: string, example: number) =>
  z.int().min(min).max(max).meta({ description, example });
const bp = (description: string, example: number) => int(0, 10_000, description, example);
// Zero allowed (nothing recovered); 16 characters keep any figure a safe integer of fen.
const yuanOrZero = (description: string, example: string) =>
  yuanFigure.max(16).meta({ description: `${description}, in yuan`, example });

const givenLoan = z.strictObject({
  amount: yuanAmount.meta({ description: 'The guaranteed principal', example: '5000000.00' }),
  termMonths: int(1, 360, 'The term in months', 36),
  bonus: z.boolean().default(false).meta({
    description: "A firm's first loan, or a credit or IP loan: the pool pays 5 pp more",
    example: true,
  }),
});

const loans = z.array(givenLoan).min(1).max(MAX_LOANS).meta({ description: 'The loans' });
const live = z.literal(true).meta({
  description: 'Every guarantee in force, as credit loans, in the order they took effect',
  example: true,
});
const portfolio = z
  .union([z.strictObject({ loans }), z.strictObject({ live })])
  .meta({ description: 'The loans given, or the live portfolio' });

const family = z
  .enum(schemeFamilies)
  .meta({ description: 'Its version in force today', example: 'special-plan' });
const example = 'special-plan@2026.1';
const version = z.string().max(64).meta({ description: 'A named version', example });
const scheme = z
  .union([z.strictObject({ family }), z.strictObject({ version })])
  .meta({ description: 'The risk-sharing scheme' });
type SchemeChoice = z.infer<typeof scheme>;

const explicitDefault = z.strictObject({
  loan: int(0, Number.MAX_SAFE_INTEGER, 'Index into the portfolio', 0),
  month: int(1, 360, "Month of the loan's term", 1),
  loss: yuanOrZero('The principal lost; by default all still outstanding', '3200000.00').optional(),
  recovered: yuanOrZero('What is later recovered of the loss', '0'),
});

const scenariosRule = `From the rates; loans × scenarios ≤ ${MAX_LOAN_SCENARIOS}, by default the most`;
const simulationBody = z
  .object({
    portfolio,
    scheme,
    fees: z
      .strictObject({
        guaranteeBp: bp('The guarantee fee a year, in basis points', 80),
        reguaranteeBp: bp('The re-guarantee fee a year, in basis points', 30),
      })
      .meta({ description: "The fees charged, held to the scheme's caps" }),
    defaultRateBp: bp('The chance a loan defaults over its term', 300).optional(),
    recoveryRateBp: bp('The share of each loss later recovered', 3000).optional(),
    scenarios: int(1, MAX_SCENARIOS, scenariosRule, 1000).optional(),
    seed: int(0, 2 ** 32 - 1, 'The same seed and input give the same result', 1).default(1),
    defaults: z.array(explicitDefault).min(1).max(MAX_LOANS).optional().meta({
      description: 'One explicit scenario instead of the rates; a loan defaults at most once',
    }),
  })
  // Either the rates or the defaults: a rule between fields, so a 422 naming each field.
  .superRefine((body, ctx) => {
    const rates = ['defaultRateBp', 'recoveryRateBp', 'scenarios'] as const;
    const [fields, message] = body.defaults
      ? [rates.filter((f) => body[f] !== undefined), 'give the rates or the defaults, not both']
      : [rates.slice(0, 2).filter((f) => body[f] === undefined), 'required without defaults'];
    for (const field of fields) ctx.addIssue({ code: 'custom', path: [field], message });
  });

const yuan = z.string().meta({ description: 'Yuan, to the fen', example: '512000.00' });
const spread = z
  .object({ mean: yuan, p95: yuan, worst: yuan })
  .meta({ description: 'Over the scenarios: the mean, the 95th percentile and the worst' });
const capOutcome = z.object({
  trippedBp: bp('Scenarios in which it trips, in basis points', 120),
  medianFirstMonth: int(1, 360, 'When it first trips, the median', 14).nullable(),
});
const byKey = <K extends string, S extends z.ZodType>(keys: readonly K[], schema: S) =>
  z.object(Object.fromEntries(keys.map((k) => [k, schema])) as Record<K, S>);

const simulationView = z.object({
  scheme: z.string().meta({ description: 'The scheme version used', example }),
  pool: z.string().meta({ description: 'The pool policy version used', example: 'pool@2026.1' }),
  scenarios: int(1, MAX_SCENARIOS, 'Scenarios run', 1000),
  loans: int(1, 100_000, 'Loans in the portfolio', 1),
  seed: int(0, 2 ** 32 - 1, 'The seed used', 1),
  netLoss: byKey(riskParties, spread).meta({ description: 'Each party’s, net of recoveries' }),
  loss: spread,
  recovered: spread,
  poolDrawdown: spread.meta({ description: 'What the pool pays on the claims, before recoveries' }),
  fees: byKey(feeKinds, yuan).meta({ description: 'Earned over the terms, in every scenario' }),
  caps: byKey(simulatedCaps, capOutcome).meta({ description: 'The breakers that would trip' }),
});

/** The simulator's result, each `…Fen` key without its suffix and every figure under it in yuan. */
function inYuan(value: unknown, fen = false): unknown {
  if (typeof value === 'number') return fen ? fenToYuan(value) : value;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      const inFen = key.endsWith('Fen');
      return [inFen ? key.slice(0, -3) : key, inYuan(v, fen || inFen)];
    }),
  );
}

/** The guarantees in force: the platform guarantees credit loans, so each earns the bonus. */
async function livePortfolio(db: Db): Promise<SimulatedLoan[]> {
  const rows = await db.guarantee.findMany({
    where: { status: 'IN_FORCE', amountFen: { not: null }, termMonths: { not: null } },
    select: { amountFen: true, termMonths: true },
    orderBy: [{ inForceOn: 'asc' }, { id: 'asc' }],
  });
  if (rows.length === 0) throw new AppError('business_rule', 'no guarantee is in force');
  return rows.map((r) => ({
    amountFen: Number(r.amountFen),
    termMonths: r.termMonths!,
    bonus: true,
  }));
}

function schemeFor(schemes: readonly SharingScheme[], choice: SchemeChoice, today: string) {
  if ('family' in choice) return schemeInForce(schemes, choice.family, today);
  const found = schemes.find((s) => s.version === choice.version);
  if (!found) throw notFound(`sharing scheme version ${choice.version}`);
  return found;
}

/** One pair of rates over the portfolio, so held to the loosest cap any of its loans allows. */
function checkFees(used: SharingScheme, loans: readonly SimulatedLoan[], fees: FeeTerms) {
  const largestFen = Math.max(...loans.map((l) => l.amountFen));
  const details = feeKinds.flatMap((kind) =>
    feeProblems(used, largestFen, [{ kind, rateBp: fees[`${kind}Bp`] }]).map((p) => ({
      field: `body.fees.${kind}Bp`,
      message: p.message,
    })),
  );
  if (details.length) throw new AppError('business_rule', 'a fee is above its cap', details);
}

/** The simulator and the policy versions refuse a client's mistake with a RangeError. */
function unprocessable<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new AppError('unprocessable', error.message, [{ field: 'body', message: error.message }]);
  }
}

export function simulationRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'post',
    path: '/v1/simulations/risk-sharing',
    tag: 'Combined deals',
    summary: "What-if: how a portfolio's losses would fall on each party under a scheme",
    roles: ['ADMIN', 'POOL_MANAGER', 'GUARANTOR', 'GUARANTEE_APPROVER', 'OFFICER', 'APPROVER'],
    readOnly: true,
    maxBodyBytes: 2 * 1024 * 1024,
    body: simulationBody,
    responses: {
      200: { description: 'The losses, fees and breakers', schema: simulationView },
      404: { description: 'No such scheme version' },
    },
    handler: async ({ body }) => {
      const today = shanghaiDate(new Date());
      const loans =
        'live' in body.portfolio
          ? await livePortfolio(db)
          : body.portfolio.loans.map((l) => ({ ...l, amountFen: yuanToFen(l.amount) }));
      // By default as many as the budget allows: a live portfolio's size is not the client's.
      const scenarios = body.defaults
        ? 1
        : (body.scenarios ??
          Math.min(MAX_SCENARIOS, Math.floor(MAX_LOAN_SCENARIOS / loans.length)));
      if (loans.length * scenarios > MAX_LOAN_SCENARIOS) {
        const message = `${loans.length} loans × ${scenarios} scenarios pass ${MAX_LOAN_SCENARIOS}`;
        throw new AppError('unprocessable', message, [{ field: 'body.scenarios', message }]);
      }
      const schemes = await allSchemes(db);
      const used = unprocessable(() => schemeFor(schemes, body.scheme, today));
      checkFees(used, loans, body.fees);
      const pool = unprocessable(() => poolPolicyInForce(poolPolicies, today));
      const result = unprocessable(() =>
        simulateRiskSharing({
          loans,
          scheme: used,
          pool,
          fees: body.fees,
          scenarios,
          seed: body.seed,
          defaultRateBp: body.defaultRateBp,
          recoveryRateBp: body.recoveryRateBp,
          defaults: body.defaults?.map((d) => ({
            loan: d.loan,
            month: d.month,
            lossFen: d.loss === undefined ? undefined : yuanToFen(d.loss),
            recoveredFen: yuanToFen(d.recovered),
          })),
        }),
      );
      return { status: 200, body: inYuan({ scheme: used.version, pool: pool.version, ...result }) };
    },
  });
}
