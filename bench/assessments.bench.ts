// Scorecard throughput: assessments per second for 10 000 firms, and the time to rebuild the
// innovation-points stage cohorts for 100 000. Seeded data, so runs compare.
import { performance } from 'node:perf_hooks';
import { fenToYuan } from '../domain/money.ts';
import type { EnterpriseIndicators } from '../domain/scorecards/indicators.ts';
import { buildCohorts, innovationStages } from '../domain/scorecards/innovation-points.ts';
import { scorecardCatalogue } from '../domain/scorecards/catalogue.ts';

const asOf = '2026-06-30';

/** mulberry32: a small, fast, seeded generator in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Plausible firms across all three stages; about one optional field in ten is missing. */
export function generateFirms(count: number, seed: number): EnterpriseIndicators[] {
  const random = prng(seed);
  const int = (max: number) => Math.floor(random() * (max + 1));
  const upTo = (max: number, share: number) => Math.min(max, Math.floor(max * share * random()));
  /** Log-uniform fen between 10^lo and 10^hi yuan. */
  const fen = (lo: number, hi: number) => Math.round(10 ** (lo + (hi - lo) * random()) * 100);
  const maybe = <T>(value: T) => (random() < 0.1 ? undefined : value);
  return Array.from({ length: count }, () => {
    const employees = 1 + Math.floor(10 ** (3.3 * random()));
    const revenueFen = fen(4, 9.5);
    const totalCostFen = Math.round(revenueFen * (0.5 + 0.6 * random()));
    const rdFen = Math.min(totalCostFen, Math.round(revenueFen * 0.15 * random()));
    const year = 2000 + int(25);
    return {
      registeredOn: `${year}-${String(1 + int(11)).padStart(2, '0')}-15`,
      asOf,
      employees,
      stStaff: upTo(employees, 0.6),
      rdStaff: maybe(upTo(employees, 0.4)),
      revenue: fenToYuan(revenueFen),
      totalAssets: fenToYuan(Math.round(revenueFen * (0.5 + random()))),
      netAssets: maybe(fenToYuan(Math.round(revenueFen * 0.5 * random()))),
      totalCost: fenToYuan(totalCostFen),
      rdExpense: fenToYuan(rdFen),
      highTechRevenue: maybe(fenToYuan(upTo(revenueFen, 1))),
      ip: { classI: int(3), classII: int(8) },
      flags: { majorIncident: false, abnormalList: random() < 0.02, prohibitedProducts: false },
      rdExpensePriorYear: maybe(fenToYuan(Math.round(rdFen * (0.6 + 0.8 * random())))),
      revenuePriorYear: maybe(fenToYuan(Math.round(revenueFen * (0.6 + 0.8 * random())))),
      patentApplicationsMain: maybe(int(20)),
      pctApplications: maybe(random() < 0.8 ? 0 : int(5)),
      techContractTurnover: maybe(fenToYuan(upTo(revenueFen, 0.3))),
      mastersStaff: maybe(upTo(employees, 0.3)),
      rdSuperDeduction: maybe(fenToYuan(rdFen)),
      netProfit: maybe(fenToYuan(Math.round(revenueFen * (0.25 * random() - 0.08)))),
      graduatesHired: maybe(int(30)),
      innovationPlatforms: maybe(int(2)),
      stAwards: maybe(int(2)),
      stProjects: maybe(int(4)),
      equityFinancing: maybe(random() < 0.7 ? '0' : fenToYuan(fen(5, 8))),
    };
  });
}

function timed<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

export async function run(): Promise<void> {
  const { evaluate, findScorecard, scorecardsInForce } = scorecardCatalogue;
  const versionOf = (model: string) => scorecardsInForce(asOf).find((c) => c.model === model)!;
  const techSme = versionOf('tech-sme').version;
  const innovation = findScorecard('innovation-points', versionOf('innovation-points').version)!;

  const firms = generateFirms(10_000, 1);
  const cohorts = buildCohorts(innovation, firms);
  // Warm up the JIT on a slice, then measure every firm, each through the registry (which
  // validates the indicators as it would stored JSON).
  const assess = (batch: readonly EnterpriseIndicators[]) => {
    for (const firm of batch) {
      evaluate('tech-sme', techSme, firm);
      evaluate('innovation-points', innovation.version, firm, cohorts);
    }
  };
  assess(firms.slice(0, 500));
  const { ms } = timed(() => assess(firms));
  const perSecond = Math.round((firms.length * 2) / (ms / 1000));
  console.log(
    `assess 10,000 firms (tech-sme + innovation-points): ${ms.toFixed(0)} ms, ` +
      `${perSecond.toLocaleString('en')} assessments/s`,
  );

  const many = generateFirms(100_000, 2);
  buildCohorts(innovation, many.slice(0, 5_000));
  const rebuild = timed(() => buildCohorts(innovation, many));
  const sizes = innovationStages.map((s) => `${s} ${rebuild.result.stages[s].firms}`).join(', ');
  console.log(
    `rebuild stage-cohort percentiles for 100,000 firms: ${rebuild.ms.toFixed(0)} ms (${sizes})`,
  );
}
