import { z } from 'zod';
import { Dec } from './numbers.ts';

/** Yuan to the fen: the unit audited accounts are kept in, so more decimals mean bad input. */
export const yuanAmount = z
  .string()
  .regex(/^(0|[1-9]\d*)(\.\d{1,2})?$/, 'expected a non-negative amount in yuan, e.g. "1234.50"');

/** Profit and cash flow can be negative, unlike the balances above. */
export const signedYuanAmount = z
  .string()
  .regex(/^-?(0|[1-9]\d*)(\.\d{1,2})?$/, 'expected an amount in yuan, e.g. "-1234.50"');

export const headcount = z.int().nonnegative();

/** Three fiscal years, oldest first. */
export const threeYears = <T extends z.ZodType>(year: T) => z.tuple([year, year, year]).readonly();

/**
 * What an enterprise declares for the innovation scorecards. Field names follow the external
 * contract. The basic set (what the tech-SME evaluation needs) is required; fields only the
 * later models read (high-tech, start-up test, listing gates) are optional, and those models
 * refuse to run without them.
 */
export const enterpriseIndicators = z
  .object({
    registeredOn: z.iso.date(),
    asOf: z.iso.date(),
    // Headcounts include part-time and temporary staff working ≥ 183 days in the year.
    employees: headcount,
    stStaff: headcount,
    rdStaff: headcount.optional(),
    revenue: yuanAmount,
    totalAssets: yuanAmount,
    netAssets: yuanAmount.optional(),
    totalCost: yuanAmount,
    rdExpense: yuanAmount,
    revenue3y: threeYears(yuanAmount).optional(),
    rdExpense3y: threeYears(yuanAmount).optional(),
    highTechRevenue: yuanAmount.optional(),
    domesticRdShare: z.number().min(0).max(1).optional(),
    ip: z.object({ classI: headcount, classII: headcount }),
    flags: z.object({
      majorIncident: z.boolean(),
      abnormalList: z.boolean(),
      prohibitedProducts: z.boolean(),
    }),
    // Absent means no route is claimed: it can only lower the outcome, never raise it.
    directRoutes: z
      .object({
        highTechCertValid: z.boolean(),
        nationalAward: z.boolean(),
        provincialRdInstitution: z.boolean(),
        ledStandard: z.boolean(),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.registeredOn > v.asOf) issue('registeredOn', 'must not be after asOf');
    if (v.stStaff > v.employees) issue('stStaff', 'must not exceed employees');
    if (v.rdStaff !== undefined && v.rdStaff > v.employees) {
      issue('rdStaff', 'must not exceed employees');
    }
    if (new Dec(v.rdExpense).gt(v.totalCost)) issue('rdExpense', 'must not exceed totalCost');
    if (v.highTechRevenue !== undefined && new Dec(v.highTechRevenue).gt(v.revenue)) {
      issue('highTechRevenue', 'must not exceed revenue');
    }
  });

export type EnterpriseIndicators = z.infer<typeof enterpriseIndicators>;

export class MissingIndicatorsError extends Error {
  constructor(
    readonly model: string,
    readonly fields: readonly string[],
  ) {
    super(`${model} needs ${fields.join(', ')}`);
    this.name = 'MissingIndicatorsError';
  }
}

/** Indicators with the optional fields `K` present. */
export type WithIndicators<K extends keyof EnterpriseIndicators> = EnterpriseIndicators & {
  [F in K]-?: NonNullable<EnterpriseIndicators[F]>;
};

/** Narrows the optional fields a model cannot do without, or names every missing one. */
export function requireIndicators<K extends keyof EnterpriseIndicators>(
  input: EnterpriseIndicators,
  model: string,
  fields: readonly K[],
): WithIndicators<K> {
  const missing = fields.filter((field) => input[field] === undefined);
  if (missing.length > 0) throw new MissingIndicatorsError(model, missing);
  return input as WithIndicators<K>;
}
