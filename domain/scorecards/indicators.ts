import { z } from 'zod';
import { whenWellFormed } from '../well-formed.ts';
import { signedYuanFigure, yuanFigure } from '../money.ts';
import { Dec } from './numbers.ts';

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
    revenue: yuanFigure,
    totalAssets: yuanFigure,
    netAssets: yuanFigure.optional(),
    totalCost: yuanFigure,
    rdExpense: yuanFigure,
    revenue3y: threeYears(yuanFigure).optional(),
    rdExpense3y: threeYears(yuanFigure).optional(),
    highTechRevenue: yuanFigure.optional(),
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
    // Read by the innovation points (DOMAIN §1.3) only; an absent one scores 0 there. Counts
    // and amounts are for the year of `revenue` unless the description says otherwise.
    rdExpensePriorYear: yuanFigure
      .optional()
      .meta({ description: 'R&D expense of the year before; defaults to rdExpense3y[1]' }),
    revenuePriorYear: yuanFigure
      .optional()
      .meta({ description: 'Revenue of the year before; defaults to revenue3y[1]' }),
    patentApplicationsMain: headcount
      .optional()
      .meta({ description: 'Invention-patent applications in the main business' }),
    pctApplications: headcount.optional().meta({ description: 'PCT applications' }),
    techContractTurnover: yuanFigure
      .optional()
      .meta({ description: 'Registered technology-contract turnover' }),
    mastersStaff: headcount
      .optional()
      .meta({ description: "Staff holding a master's degree or higher" }),
    rdSuperDeduction: yuanFigure
      .optional()
      .meta({ description: 'Additional deduction claimed for R&D expense (加计扣除额)' }),
    netProfit: signedYuanFigure
      .optional()
      .meta({ description: 'Net profit; with netAssets it gives the return on net assets' }),
    graduatesHired: headcount.optional().meta({ description: 'College graduates hired' }),
    innovationPlatforms: headcount
      .optional()
      .meta({ description: 'Provincial or higher innovation platforms, last 2 years' }),
    stAwards: headcount
      .optional()
      .meta({ description: 'Provincial or higher S&T awards, last 2 years' }),
    stProjects: headcount
      .optional()
      .meta({ description: 'Provincial or higher S&T projects undertaken' }),
    equityFinancing: yuanFigure.optional().meta({ description: 'Equity financing received' }),
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
    if (v.mastersStaff !== undefined && v.mastersStaff > v.employees) {
      issue('mastersStaff', 'must not exceed employees');
    }
    // A prior year given twice must be the same figure, or growth would depend on which is read.
    if (v.rdExpensePriorYear !== undefined && v.rdExpense3y !== undefined) {
      if (!new Dec(v.rdExpensePriorYear).eq(v.rdExpense3y[1])) {
        issue('rdExpensePriorYear', 'must equal rdExpense3y[1] when both are given');
      }
    }
    if (v.revenuePriorYear !== undefined && v.revenue3y !== undefined) {
      if (!new Dec(v.revenuePriorYear).eq(v.revenue3y[1])) {
        issue('revenuePriorYear', 'must equal revenue3y[1] when both are given');
      }
    }
    // Compared only once every field is well formed: a malformed figure is not a number.
  }, whenWellFormed);

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
