// A firm's registry records (snapshots, IP portfolio, certificates) and their recomputation:
// the merged indicators, an assessment per model they can score, and the firm's stored
// indicators set to the merge, so an application filed afterwards is assessed on the same view.
import { randomUUID } from 'node:crypto';
import type { CertificateKind, CertificateRecord } from '../domain/enterprise/certificates.ts';
import {
  assessIndicators,
  mergeIndicators,
  snapshotIndicators,
  type RegistryRecords,
} from '../domain/enterprise/merged-indicators.ts';
import type { PortfolioRight } from '../domain/enterprise/ip-portfolio.ts';
import type { AssessmentSummary } from '../domain/enterprise/reevaluation.ts';
import type { ScorecardCatalogue } from '../domain/scorecards/catalogue.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { fenToYuan, yuanToFen } from '../domain/money.ts';
import { recordAuditEvent } from './audit-trail.ts';
import type { Certificate, Db, IpRight, Prisma } from './client.ts';
import { loadScorecardCatalogue } from './scorecard-store.ts';

type Tx = Prisma.TransactionClient;

/** Dates without a time of day are stored as UTC midnight (`@db.Date`). */
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
export const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

export interface IpRightOnRecord extends PortfolioRight {
  id: string;
  number: string;
  title: string;
}

export const toIpRightRecord = (row: IpRight): IpRightOnRecord => ({
  id: row.id,
  number: row.number,
  title: row.title,
  type: row.type,
  status: row.status,
  expiresOn: row.expiresOn && isoDay(row.expiresOn),
  tiedToProduct: row.tiedToProduct,
});

export interface CertificateOnRecord extends CertificateRecord {
  id: string;
  kind: CertificateKind;
  number: string;
}

export const toCertificateRecord = (row: Certificate): CertificateOnRecord => ({
  id: row.id,
  kind: row.kind,
  number: row.number,
  validFrom: isoDay(row.validFrom),
  validUntil: row.validUntil && isoDay(row.validUntil),
});

/** Serialises the changes to one firm's records: each recomputation sees those before it. */
export async function lockEnterprise(tx: Tx, enterpriseId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "Enterprise" WHERE "id" = ${enterpriseId}::uuid FOR UPDATE`;
}

export interface LoadedRecords extends RegistryRecords {
  ipRights: IpRightOnRecord[];
  certificates: CertificateOnRecord[];
}

/** What the merge reads: the three latest snapshots, the portfolio and the certificates. */
export async function loadRegistryRecords(tx: Tx, enterpriseId: string): Promise<LoadedRecords> {
  const where = { enterpriseId };
  const snapshots = await tx.indicatorSnapshot.findMany({
    where,
    orderBy: { year: 'desc' },
    take: 3,
  });
  const ipRights = await tx.ipRight.findMany({
    where,
    orderBy: [{ type: 'asc' }, { number: 'asc' }],
  });
  const certificates = await tx.certificate.findMany({ where, orderBy: { validFrom: 'asc' } });
  return {
    snapshots: snapshots.map((s) => ({
      year: s.year,
      indicators: snapshotIndicators.parse(s.indicators),
    })),
    ipRights: ipRights.map(toIpRightRecord),
    certificates: certificates.map(toCertificateRecord),
  };
}

export interface Recomputation {
  /** False while the firm has no snapshot: nothing is then assessed or changed. */
  merged: boolean;
  assessments: AssessmentSummary[];
}

/**
 * Merges the records on `asOf`, stores a fresh assessment per model the merge can be scored
 * on and sets the firm's indicators to the merge. Reads everything before writing anything.
 */
export async function recompute(
  tx: Tx,
  input: {
    enterpriseId: string;
    asOf: string;
    catalogue: ScorecardCatalogue;
    createdById?: string;
  },
): Promise<Recomputation> {
  const { enterpriseId, asOf, catalogue, createdById } = input;
  const indicators = mergeIndicators(await loadRegistryRecords(tx, enterpriseId), asOf);
  if (!indicators) return { merged: false, assessments: [] };
  const assessments = assessIndicators(catalogue, indicators);
  await tx.assessment.createMany({
    data: assessments.map(({ model, version, points, eligible, result }) => ({
      enterpriseId,
      model,
      version,
      inputs: asJson({ indicators }),
      result: asJson(result),
      points,
      eligible,
      createdById,
    })),
  });
  await tx.enterprise.update({
    where: { id: enterpriseId },
    data: { indicators: asJson(indicators) },
  });
  return {
    merged: true,
    assessments: assessments.map(({ model, version, points, eligible }) => ({
      model,
      version,
      points,
      eligible,
    })),
  };
}

/** Results carry readonly arrays and optional fields; JSON columns take plain data. */
export const asJson = (value: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value));

/**
 * The owner's change to a firm's records, the recomputation it causes and the trail entry
 * naming who changed what commit together or not at all.
 */
export async function changeRecords<T>(
  db: Db,
  change: { enterpriseId: string; actorId: string; action: string },
  write: (tx: Tx) => Promise<{ result: T; data: object }>,
): Promise<T> {
  const { enterpriseId, actorId, action } = change;
  const catalogue = await loadScorecardCatalogue(db);
  const asOf = shanghaiDate(new Date());
  return db.$transaction(async (tx) => {
    await lockEnterprise(tx, enterpriseId);
    const { result, data } = await write(tx);
    const { assessments } = await recompute(tx, {
      enterpriseId,
      asOf,
      catalogue,
      createdById: actorId,
    });
    await recordAuditEvent(tx, {
      entityType: 'Enterprise',
      entityId: enterpriseId,
      action,
      actorId,
      actorRole: 'APPLICANT',
      data: asJson({ ...data, asOf, assessments }),
      dedupeKey: `enterprise:${enterpriseId}:${action}:${randomUUID()}`,
    });
    return result;
  });
}

/**
 * A start-up test (财税〔2018〕55号 'tax-startup', 财企〔2007〕128号 'startup-sme') in force on `on`,
 * on the firm's records merged that day or, without yearly records, on the indicators it
 * registered with, dated that day. Equity on the platform is unlisted, so the firm is unlisted.
 * The result keeps the version and the inputs, so the stage or the deduction it grants is
 * traceable to them.
 */
export async function startupTestOn(
  tx: Tx,
  catalogue: ScorecardCatalogue,
  test: { enterpriseId: string; model: 'tax-startup' | 'startup-sme'; on: string },
) {
  const { enterpriseId, model, on } = test;
  const card = catalogue.scorecardsInForce(on).find((c) => c.model === model);
  if (!card) return { eligible: false, reason: `no ${model} test in force on ${on}` };
  const { indicators } = await tx.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
  const inputs = mergeIndicators(await loadRegistryRecords(tx, enterpriseId), on) ?? {
    ...(indicators as object),
    asOf: on,
  };
  const result = catalogue.evaluate(model, card.version, inputs, { listed: false });
  return {
    model,
    version: result.version,
    eligible: result.eligible,
    failedGates: result.failedGates,
    inputs,
  };
}

/**
 * Equity financing the firm received in a round closed on the platform, added to the figure
 * the innovation-points model reads: in its current indicators and, when it reported the
 * year's figures, in that year's snapshot too, so the next merge of its records keeps it.
 */
export async function addEquityFinancing(
  tx: Tx,
  enterpriseId: string,
  receivedOn: string,
  amountFen: number,
): Promise<void> {
  const add = (figures: Prisma.JsonValue) => {
    const current = (figures as { equityFinancing?: string }).equityFinancing;
    const total = (current ? yuanToFen(current) : 0) + amountFen;
    return { ...(figures as object), equityFinancing: fenToYuan(total) };
  };
  const firm = await tx.enterprise.findUniqueOrThrow({ where: { id: enterpriseId } });
  await tx.enterprise.update({
    where: { id: enterpriseId },
    data: { indicators: add(firm.indicators) },
  });
  const year = Number(receivedOn.slice(0, 4));
  const snapshot = await tx.indicatorSnapshot.findUnique({
    where: { enterpriseId_year: { enterpriseId, year } },
  });
  if (snapshot) {
    await tx.indicatorSnapshot.update({
      where: { id: snapshot.id },
      data: { indicators: add(snapshot.indicators) },
    });
  }
}
