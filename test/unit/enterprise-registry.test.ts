import { describe, expect, it } from 'vitest';
import {
  certificateFlags,
  certificateValidityProblem,
  type CertificateRecord,
} from '../../domain/enterprise/certificates.ts';
import { highTechGates } from '../../domain/enterprise/high-tech-gates.ts';
import {
  assessIndicators,
  mergeIndicators,
  snapshotIndicators,
  snapshotYearProblem,
  type RegistryRecords,
  type SnapshotIndicators,
} from '../../domain/enterprise/merged-indicators.ts';
import {
  ipClassOf,
  ipCounts,
  ipRightStatuses,
  ipRightTypes,
  type PortfolioRight,
} from '../../domain/enterprise/ip-portfolio.ts';
import { noTotals, tally } from '../../domain/enterprise/reevaluation.ts';
import { highTech2016 } from '../../domain/scorecards/high-tech.data.ts';
import { scorecardCatalogue } from '../../domain/scorecards/catalogue.ts';

const today = '2026-11-27';
const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const patent: PortfolioRight = {
  type: 'INVENTION_PATENT',
  status: 'VALID',
  expiresOn: '2040-01-01',
  tiedToProduct: true,
};

describe('IP classes', () => {
  it('follow the tech-SME text: six Class I kinds, three Class II kinds, trademarks in neither', () => {
    const inClass = (c: string | null) => ipRightTypes.filter((t) => ipClassOf[t] === c);
    expect(inClass('classI')).toEqual([
      'INVENTION_PATENT',
      'DEFENCE_PATENT',
      'PLANT_VARIETY',
      'CROP_VARIETY',
      'NEW_DRUG',
      'TCM_VARIETY',
      'IC_LAYOUT',
    ]);
    expect(inClass('classII')).toEqual(['UTILITY_MODEL', 'DESIGN_PATENT', 'SOFTWARE_COPYRIGHT']);
    expect(inClass(null)).toEqual(['TRADEMARK']);
  });
});

describe('IP counts from the portfolio', () => {
  const count = (right: Partial<PortfolioRight>) => ipCounts([{ ...patent, ...right }], today);

  it('count a right on its expiry day, not the day after', () => {
    expect(count({ expiresOn: plusDays(today, -1) })).toEqual({ classI: 0, classII: 0 });
    expect(count({ expiresOn: today })).toEqual({ classI: 1, classII: 0 });
    expect(count({ expiresOn: null })).toEqual({ classI: 1, classII: 0 });
  });

  it('ignore trademarks and rights not tied to the main product', () => {
    expect(count({ type: 'TRADEMARK' })).toEqual({ classI: 0, classII: 0 });
    expect(count({ tiedToProduct: false })).toEqual({ classI: 0, classII: 0 });
  });

  it('count valid and pledged rights only', () => {
    const counted = ipRightStatuses.filter((status) => count({ status }).classI === 1);
    expect(counted).toEqual(['VALID', 'PLEDGED']);
  });

  it('count each class separately', () => {
    const rights: PortfolioRight[] = [
      patent,
      { ...patent, type: 'IC_LAYOUT' },
      { ...patent, type: 'UTILITY_MODEL' },
      { ...patent, type: 'SOFTWARE_COPYRIGHT', status: 'PLEDGED' },
      { ...patent, type: 'DESIGN_PATENT', status: 'LAPSED' },
      { ...patent, type: 'TRADEMARK' },
    ];
    expect(ipCounts(rights, today)).toEqual({ classI: 2, classII: 2 });
  });
});

describe('certificate flags', () => {
  const highTech = (validUntil: string | null): CertificateRecord => ({
    kind: 'HIGH_TECH',
    validFrom: '2024-12-01',
    validUntil,
  });
  const flags = (days: number) => certificateFlags(highTech(plusDays(today, days)), today);

  it('flag an expiry within 90 days, the 90th day included', () => {
    expect(flags(89)).toEqual({ expired: false, expiringWithin90Days: true, daysLeft: 89 });
    expect(flags(90)).toEqual({ expired: false, expiringWithin90Days: true, daysLeft: 90 });
    expect(flags(91)).toEqual({ expired: false, expiringWithin90Days: false, daysLeft: 91 });
  });

  it('count the last valid day as valid and the day after as expired', () => {
    expect(flags(0)).toEqual({ expired: false, expiringWithin90Days: true, daysLeft: 0 });
    expect(flags(-1)).toEqual({ expired: true, expiringWithin90Days: false, daysLeft: -1 });
  });

  it('never flag a certificate without a term', () => {
    expect(certificateFlags(highTech(null), today)).toEqual({
      expired: false,
      expiringWithin90Days: false,
      daysLeft: null,
    });
  });

  it('refuse dates a certificate cannot carry', () => {
    const problem = (kind: CertificateRecord['kind'], validUntil: string | null) =>
      certificateValidityProblem({ kind, validFrom: '2024-12-01', validUntil });
    expect(problem('HIGH_TECH', null)).toMatch(/expiry/);
    expect(problem('HIGH_TECH', '2024-11-30')).toMatch(/before validFrom/);
    expect(problem('HIGH_TECH', '2027-12-01')).toBeUndefined();
    expect(problem('HIGH_TECH', '2027-12-02')).toMatch(/3 years/);
    expect(problem('TECH_SME', null)).toBeUndefined();
  });
});

const year = (y: number, overrides: Partial<SnapshotIndicators> = {}): SnapshotIndicators => ({
  registeredOn: '2019-03-01',
  asOf: `${y + 1}-03-31`,
  employees: 100,
  stStaff: 20,
  rdStaff: 15,
  revenue: `${y - 2000}000000.00`,
  totalAssets: '80000000.00',
  totalCost: '40000000.00',
  rdExpense: `${y - 2000}00000.00`,
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
  ...overrides,
});

const records = (
  years: number[],
  extra: Partial<Omit<RegistryRecords, 'snapshots'>> = {},
): RegistryRecords => ({
  snapshots: years.map((y) => ({ year: y, indicators: year(y, { employees: y - 1900 }) })),
  ipRights: [],
  certificates: [],
  ...extra,
});

describe('merging snapshots with the portfolio and certificates', () => {
  it('has nothing to merge without a snapshot', () => {
    expect(mergeIndicators(records([]), today)).toBeUndefined();
  });

  it('takes the latest year and three-year series oldest first, evaluated on the date given', () => {
    const merged = mergeIndicators(records([2025, 2023, 2024]), today)!;
    expect(merged).toMatchObject({
      asOf: today,
      employees: 125,
      revenue: '25000000.00',
      revenue3y: ['23000000.00', '24000000.00', '25000000.00'],
      rdExpense3y: ['2300000.00', '2400000.00', '2500000.00'],
      revenuePriorYear: '24000000.00',
      rdExpensePriorYear: '2400000.00',
    });
  });

  it('leaves out a series with a gap, and the prior year when it is the gap', () => {
    const merged = mergeIndicators(records([2022, 2023, 2025]), today)!;
    expect(merged.employees).toBe(125);
    expect(merged.revenue3y).toBeUndefined();
    expect(merged.rdExpense3y).toBeUndefined();
    expect(merged.revenuePriorYear).toBeUndefined();
    const twoYears = mergeIndicators(records([2024, 2025]), today)!;
    expect(twoYears.revenue3y).toBeUndefined();
    expect(twoYears.revenuePriorYear).toBe('24000000.00');
  });

  it('counts IP on the evaluation date and takes the high-tech route from a certificate', () => {
    const certificate = { kind: 'HIGH_TECH' as const, validFrom: '2024-01-01' };
    const merge = (validUntil: string) =>
      mergeIndicators(
        records([2025], {
          ipRights: [patent, { ...patent, type: 'UTILITY_MODEL', expiresOn: '2026-12-31' }],
          certificates: [{ ...certificate, validUntil }],
        }),
        today,
      )!;
    expect(merge(today)).toMatchObject({
      ip: { classI: 1, classII: 1 },
      directRoutes: { highTechCertValid: true, nationalAward: false },
    });
    expect(merge(plusDays(today, -1)).directRoutes?.highTechCertValid).toBe(false);
    const later = mergeIndicators(records([2025], { ipRights: [patent] }), '2041-01-01')!;
    expect(later.ip).toEqual({ classI: 0, classII: 0 });
  });

  it('keeps the other direct routes the firm claims', () => {
    const claimed = {
      ...records([2025]),
      snapshots: [
        {
          year: 2025,
          indicators: year(2025, {
            directRoutes: {
              nationalAward: true,
              provincialRdInstitution: false,
              ledStandard: true,
            },
          }),
        },
      ],
    };
    expect(mergeIndicators(claimed, today)?.directRoutes).toEqual({
      nationalAward: true,
      provincialRdInstitution: false,
      ledStandard: true,
      highTechCertValid: false,
    });
  });
});

describe('a snapshot as declared', () => {
  it('refuses what the registry derives, naming the field', () => {
    const fields = (body: object) => {
      const parsed = snapshotIndicators.safeParse({ ...year(2025), ...body });
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    };
    expect(fields({ ip: { classI: 1, classII: 0 } })).toEqual(['ip']);
    expect(fields({ revenue3y: ['1', '2', '3'] })).toEqual(['revenue3y']);
    expect(
      fields({
        directRoutes: {
          highTechCertValid: true,
          nationalAward: false,
          provincialRdInstitution: false,
          ledStandard: false,
        },
      }),
    ).toEqual(['directRoutes.highTechCertValid']);
    expect(fields({ stStaff: 101 })).toEqual(['stStaff']);
    expect(fields({ employees: -1 })).toEqual(['employees']);
  });

  it('may be for the year of its asOf or the two before', () => {
    const allowed = [2023, 2024, 2025, 2026, 2027].filter(
      (y) => snapshotYearProblem(y, '2026-03-31') === undefined,
    );
    expect(allowed).toEqual([2024, 2025, 2026]);
    expect(snapshotYearProblem(2023, '2026-12-31')).toMatch(/from 2024 to 2026/);
  });
});

describe('assessing the merged view', () => {
  const merged = (overrides: Partial<RegistryRecords> = {}) =>
    mergeIndicators({ ...records([2025]), ...overrides }, today)!;

  it('scores the tech-SME card, and crosses a tier when an invention patent is added', () => {
    // 20 of 125 staff in S&T = 16% (8) + R&D 2.5m of 25m sales = 10% (50) = 58 < 60.
    const [without] = assessIndicators(scorecardCatalogue, merged());
    const [withPatent] = assessIndicators(scorecardCatalogue, merged({ ipRights: [patent] }));
    expect(without).toMatchObject({ model: 'tech-sme', version: '2017.1', points: 58 });
    expect(without!.eligible).toBe(false);
    expect(withPatent).toMatchObject({ model: 'tech-sme', points: 88, eligible: true });
  });

  it('adds the high-tech gates once three years and the high-tech figures are declared', () => {
    const highTechFigures = { highTechRevenue: '20000000.00', domesticRdShare: 0.9 };
    const threeYears = [2023, 2024, 2025].map((y) => ({
      year: y,
      indicators: year(y, highTechFigures),
    }));
    expect(assessIndicators(scorecardCatalogue, merged()).map((a) => a.model)).toEqual([
      'tech-sme',
    ]);
    const both = assessIndicators(scorecardCatalogue, merged({ snapshots: threeYears }));
    expect(both.map((a) => [a.model, a.version, a.points])).toEqual([
      ['high-tech-gates', '2016.1', null],
      ['tech-sme', '2017.1', 62],
    ]);
    expect(both[0]!.result).toMatchObject({
      eligible: true,
      failedGates: [],
      pending: ['supported-field', 'core-ip', 'points'],
    });
  });
});

describe('high-tech gates', () => {
  const firm = (revenue: string, rdExpense: string) =>
    mergeIndicators(
      {
        ...records([]),
        snapshots: [2023, 2024, 2025].map((y) => ({
          year: y,
          indicators: year(y, {
            revenue,
            rdExpense,
            totalCost: revenue,
            highTechRevenue: revenue,
            domesticRdShare: 0.6,
          }),
        })),
      },
      today,
    )!;
  const failed = (revenue: string, rdExpense: string) =>
    highTechGates(highTech2016, firm(revenue, rdExpense))!.failedGates.map((g) => g.gate);

  it('applies the R&D band of the latest revenue exactly', () => {
    expect(failed('50000000.00', '2500000.00')).toEqual([]);
    expect(failed('50000000.00', '2499999.99')).toEqual(['rd-intensity-3y']);
    // Just over ¥50m the band is 4%.
    expect(failed('50000000.01', '2000000.01')).toEqual([]);
    expect(failed('50000000.01', '2000000.00')).toEqual(['rd-intensity-3y']);
  });

  it('are not checked without the figures they read', () => {
    expect(highTechGates(highTech2016, mergeIndicators(records([2025]), today)!)).toBeUndefined();
  });
});

describe('run totals', () => {
  it('count firms by outcome and flagged certificates by kind of flag', () => {
    const flagged = {
      id: 'c',
      kind: 'HIGH_TECH' as const,
      number: 'GR1',
      validUntil: today,
      daysLeft: 0,
    };
    const totals = [
      {
        status: 'assessed' as const,
        certificates: [
          { ...flagged, expired: false, expiringWithin90Days: true },
          { ...flagged, expired: true, expiringWithin90Days: false, daysLeft: -3 },
        ],
      },
      { status: 'no-snapshot' as const, certificates: [] },
      { status: 'invalid-data' as const, certificates: [] },
    ].reduce((t, run) => tally(t, { ...run, enterpriseId: 'e', assessments: [] }), noTotals);
    expect(totals).toEqual({
      enterprises: 3,
      assessed: 1,
      withoutSnapshot: 1,
      invalidData: 1,
      certificatesExpiring: 1,
      certificatesExpired: 1,
    });
  });
});
