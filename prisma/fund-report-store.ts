// What the guidance fund's portfolio report reads: each of its sub-funds with its commitments, and
// every investment with its firm's sector and region and its whole event ledger, dated. The
// report folds the ledgers as of a quarter's end itself (domain/fund/portfolio-report.ts).
import type { ReportSubFund } from '../domain/fund/portfolio-report.ts';
import type { Db } from './client.ts';
import { fundTermsOf } from './fund-store.ts';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** An exit's split (ExitDistribution) as stored in the event's detail. */
type ExitDetail = { costOfPartFen?: number; concessionFen?: number } | null;

export async function guidanceFundPortfolio(
  db: Db,
  guidanceFundId: string,
): Promise<ReportSubFund[]> {
  // One snapshot: an exit recorded while the report is read must not be half in it.
  const { subFunds, institutions, firms } = await db.$transaction(
    async (tx) => {
      const subFunds = await tx.subFund.findMany({
        where: { guidanceFundId },
        include: {
          commitments: true,
          investments: {
            include: { events: { orderBy: [{ on: 'asc' }, { recordedAt: 'asc' }] } },
          },
        },
      });
      const institutions = await tx.institution.findMany({
        where: { id: { in: subFunds.map((s) => s.institutionId) } },
      });
      const firms = await tx.enterprise.findMany({
        where: { id: { in: subFunds.flatMap((s) => s.investments.map((i) => i.enterpriseId)) } },
        select: { id: true, cluster: true, region: true },
      });
      return { subFunds, institutions, firms };
    },
    { isolationLevel: 'RepeatableRead' },
  );
  const institution = new Map(institutions.map((i) => [i.id, i]));
  const firm = new Map(firms.map((f) => [f.id, f]));
  return subFunds.map((s) => ({
    code: institution.get(s.institutionId)!.code,
    name: institution.get(s.institutionId)!.name,
    terms: fundTermsOf(s),
    closedOn: isoDay(s.closedOn),
    committedFen: s.commitments.reduce((sum, c) => sum + Number(c.amountFen), 0),
    investments: s.investments.map((i) => ({
      id: i.id,
      firm: i.enterpriseId,
      stageAtEntry: i.stageAtEntry,
      sector: firm.get(i.enterpriseId)!.cluster,
      region: firm.get(i.enterpriseId)!.region,
      events: i.events.map((e) => {
        const detail = e.detail as ExitDetail;
        return {
          on: isoDay(e.on),
          kind: e.kind,
          amountFen: Number(e.amountFen),
          units: e.units === null ? null : Number(e.units),
          costOfPartFen: detail?.costOfPartFen,
          concessionFen: detail?.concessionFen,
        };
      }),
    })),
  }));
}
