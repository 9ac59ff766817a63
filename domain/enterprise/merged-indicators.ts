// A firm's indicators as the registry keeps them: one snapshot per financial year as declared,
// merged with the IP portfolio and the certificates on record into what the scorecards take.
import { z } from 'zod';
import { whenWellFormed } from '../well-formed.ts';
import { enterpriseIndicators, type EnterpriseIndicators } from '../scorecards/indicators.ts';
import type { ScorecardCatalogue } from '../scorecards/catalogue.ts';
import type { TechSmeResult } from '../scorecards/tech-sme.ts';
import { isValidOn, type CertificateRecord } from './certificates.ts';
import { highTechGates, type HighTechGatesResult } from './high-tech-gates.ts';
import { ipCounts, type PortfolioRight } from './ip-portfolio.ts';

/** The financial years a snapshot may be declared for, counting back from its asOf's year. */
export const SNAPSHOT_YEARS = 3;

const shape = enterpriseIndicators.shape;
/** Accepted only when absent: the published schema allows no value (`not: {}`). */
const derived = (source: string) =>
  z
    .unknown()
    .refine((value) => value === undefined, {
      ...whenWellFormed,
      error: `derived from ${source}; leave it out`,
    })
    .optional()
    .meta({ description: `Derived from ${source}: leave it out`, not: {} });

/** What a firm declares for one financial year; the registry derives the rest. */
export const snapshotIndicators = z
  .object({
    ...without(shape, ['ip', 'revenue3y', 'rdExpense3y', 'directRoutes']),
    ip: derived('the IP portfolio'),
    revenue3y: derived('the snapshots of three consecutive years'),
    rdExpense3y: derived('the snapshots of three consecutive years'),
    directRoutes: shape.directRoutes
      .unwrap()
      .omit({ highTechCertValid: true })
      .extend({ highTechCertValid: derived('the certificates on record') })
      .optional(),
  })
  .superRefine((declared, ctx) => {
    // The scorecards' cross-field rules (S&T staff ≤ employees...) hold for each year alone.
    const full = enterpriseIndicators.safeParse(withDerived(declared, { classI: 0, classII: 0 }));
    for (const issue of full.success ? [] : full.error.issues) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  }, whenWellFormed);
export type SnapshotIndicators = z.infer<typeof snapshotIndicators>;

/** A snapshot stated as of `asOf` is for the year of asOf or one of the two before it. */
export function snapshotYearProblem(year: number, asOf: string): string | undefined {
  const latest = Number(asOf.slice(0, 4));
  const earliest = latest - SNAPSHOT_YEARS + 1;
  return year < earliest || year > latest
    ? `must be from ${earliest} to ${latest}: the year of asOf or one of the ${SNAPSHOT_YEARS - 1} before`
    : undefined;
}

export interface RegistryRecords {
  readonly snapshots: readonly { readonly year: number; readonly indicators: SnapshotIndicators }[];
  readonly ipRights: readonly PortfolioRight[];
  readonly certificates: readonly CertificateRecord[];
}

/**
 * The latest snapshot's figures, evaluated on `asOf`: IP counted from the portfolio, the
 * high-tech direct route from a certificate valid that day, the prior year's revenue and R&D
 * from that year's own snapshot when there is one, and three-year series from the latest year
 * and the two before it (absent when one of them is missing, since a series with a gap would
 * misstate growth). Undefined without any snapshot.
 */
export function mergeIndicators(
  records: RegistryRecords,
  asOf: string,
): EnterpriseIndicators | undefined {
  if (records.snapshots.length === 0) return undefined;
  const byYear = new Map(records.snapshots.map((s) => [s.year, s.indicators]));
  const latestYear = Math.max(...byYear.keys());
  const [first, prior, latest] = [latestYear - 2, latestYear - 1, latestYear].map((year) =>
    byYear.get(year),
  );
  const series = first && prior && latest ? [first, prior, latest] : undefined;
  const highTechCertValid = records.certificates.some(
    (c) => c.kind === 'HIGH_TECH' && isValidOn(c, asOf),
  );
  return enterpriseIndicators.parse({
    ...withDerived(latest!, ipCounts(records.ipRights, asOf), highTechCertValid),
    asOf,
    ...(prior && { revenuePriorYear: prior.revenue, rdExpensePriorYear: prior.rdExpense }),
    ...(series && {
      revenue3y: series.map((s) => s.revenue),
      rdExpense3y: series.map((s) => s.rdExpense),
    }),
  });
}

export type RegistryResult = TechSmeResult | HighTechGatesResult;

export interface RegistryAssessment {
  readonly model: string;
  readonly version: string;
  readonly points: number | null;
  readonly eligible: boolean;
  readonly result: RegistryResult;
}

/**
 * Every model the merged indicators alone can score, with the versions in force on their
 * asOf: the tech-SME evaluation always, the high-tech gates once their figures are declared.
 */
export function assessIndicators(
  catalogue: ScorecardCatalogue,
  indicators: EnterpriseIndicators,
): RegistryAssessment[] {
  return catalogue.scorecardsInForce(indicators.asOf).flatMap((card): RegistryAssessment[] => {
    if (card.model === 'tech-sme') {
      const result = catalogue.evaluate('tech-sme', card.version, indicators);
      return [{ ...summary(result), points: result.points, result }];
    }
    if (card.model === 'high-tech') {
      const result = highTechGates(card, indicators);
      return result ? [{ ...summary(result), points: null, result }] : [];
    }
    return [];
  });
}

const summary = (result: RegistryResult) => ({
  model: result.model,
  version: result.version,
  eligible: result.eligible,
});

function withDerived(
  declared: SnapshotIndicators,
  ip: EnterpriseIndicators['ip'],
  highTechCertValid = false,
) {
  const claimed = declared.directRoutes;
  return {
    ...declared,
    ip,
    directRoutes: {
      nationalAward: claimed?.nationalAward ?? false,
      provincialRdInstitution: claimed?.provincialRdInstitution ?? false,
      ledStandard: claimed?.ledStandard ?? false,
      highTechCertValid,
    },
  };
}

function without<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Omit<T, K> {
  return Object.fromEntries(
    Object.entries(source).filter(([key]) => !keys.includes(key as K)),
  ) as Omit<T, K>;
}
