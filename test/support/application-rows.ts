// A credit case written straight to the tables, in the state a test needs, without the
// workflow that would have brought it there.
import { createHash, randomUUID } from 'node:crypto';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import type { ApplicationStatus, Db, Prisma } from '../../prisma/client.ts';
import { creditApplicationWorkflowId } from '../../domain/contracts/credit.ts';
import { type PinnedPolicies } from '../../domain/contracts/credit.ts';
import { completeFile, newUscc, strongIndicators } from './fixtures.ts';

/** The versions a case filed today pins. */
export const pinnedPolicies: PinnedPolicies = {
  creditTrack: 'credit-track@2026.1',
  scorecards: { 'tech-sme': '2017.1' },
  authority: 'authority@2026.1',
  documents: 'documents@2026.1',
};

export interface ApplicationRowOptions {
  /** The applicant who owns the firm and filed the case. */
  ownerId: string;
  bankCode?: string;
  status?: ApplicationStatus;
  amountFen?: number;
  termMonths?: number;
  indicators?: EnterpriseIndicators;
  preferredLanguage?: 'zh' | 'en';
  policyVersions?: Prisma.InputJsonObject;
}

export interface ApplicationRow {
  id: string;
  reference: string;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  bankId: string;
}

/** A firm of `ownerId`'s, strong on the tech-SME card unless `indicators` say otherwise. */
export async function insertEnterprise(
  db: Db,
  options: Pick<ApplicationRowOptions, 'ownerId' | 'indicators' | 'preferredLanguage'>,
) {
  return db.enterprise.create({
    data: {
      name: `武汉光谷${randomUUID().slice(0, 6)}科技有限公司`,
      uscc: newUscc(),
      region: '湖北省武汉市',
      indicators: options.indicators ?? strongIndicators,
      preferredLanguage: options.preferredLanguage ?? 'zh',
      ownerId: options.ownerId,
    },
  });
}

/** A firm of `ownerId` and its application with `bankCode` (demo-bank), SUBMITTED by default. */
export async function insertApplication(
  db: Db,
  options: ApplicationRowOptions,
): Promise<ApplicationRow> {
  const bank = await db.institution.findUniqueOrThrow({
    where: { code: options.bankCode ?? 'demo-bank' },
  });
  const enterprise = await insertEnterprise(db, options);
  const id = randomUUID();
  const reference = `DG-20261127-${id.slice(0, 8).toUpperCase()}`;
  await db.application.create({
    data: {
      id,
      reference,
      enterpriseId: enterprise.id,
      bankId: bank.id,
      product: 'credit',
      amountFen: BigInt(options.amountFen ?? 150_000_000),
      termMonths: options.termMonths ?? 24,
      purpose: '研发投入',
      status: options.status,
      workflowId: creditApplicationWorkflowId(id),
      policyVersions: options.policyVersions ?? { ...pinnedPolicies },
      filedById: options.ownerId,
    },
  });
  return {
    id,
    reference,
    enterpriseId: enterprise.id,
    enterpriseName: enterprise.name,
    uscc: enterprise.uscc,
    bankId: bank.id,
  };
}

/** A small PDF of `type`, as an applicant would upload it. */
export function pdfDocument(type: string) {
  const content = Buffer.from(`%PDF-1.4 ${type}`);
  return {
    type,
    fileName: `${type}.pdf`,
    mediaType: 'application/pdf',
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}

/** Stores one small PDF per document type, as the applicant's uploads would. */
export async function supplyDocumentRows(
  db: Db,
  applicationId: string,
  by: string,
  types: readonly string[] = completeFile,
) {
  await db.document.createMany({
    data: types.map((type) => {
      const { content, ...document } = pdfDocument(type);
      return {
        ...document,
        applicationId,
        sizeBytes: content.length,
        content: new Uint8Array(content),
        uploadedById: by,
      };
    }),
  });
}

/**
 * A live, performing loan of `amountFen` written straight to the tables: the rest of a pool's
 * portfolio, so that one default does not make the whole of its NPL.
 */
export async function insertPerformingLoan(
  db: Db,
  options: { ownerId: string; amountFen: number },
): Promise<string> {
  const application = await insertApplication(db, { ...options, status: 'DISBURSED' });
  const loan = await db.loan.create({
    data: {
      contractNumber: `PORTFOLIO-${application.id.slice(0, 8)}`,
      applicationId: application.id,
      bankId: application.bankId,
      amountFen: BigInt(options.amountFen),
      annualRate: '0.0385',
      termMonths: 36,
      repaymentMethod: 'equal-instalment',
      dayCount: 'ACT/360',
      dueDateRule: 'unadjusted',
      status: 'LIVE',
      signedAt: new Date(),
      signedById: options.ownerId,
      classificationPolicy: 'classification@2026.1',
      workflowId: `portfolio-loan:${application.id}`,
    },
  });
  return loan.id;
}
