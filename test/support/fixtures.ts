// Test data that passes the edge: valid credit codes, a plausible tech firm, demo tokens.
import { randomBytes, randomUUID } from 'node:crypto';
import { signDemoToken } from '../../api/auth.ts';
import type { ApprovalLevel } from '../../domain/credit/authority-matrix.ts';
import { completeFileFor } from '../../domain/credit/document-checklist.ts';
import { documentChecklist2026 } from '../../domain/credit/document-checklist.data.ts';
import type { Role } from '../../domain/roles.ts';
import { type LoanTermsInput } from '../../domain/contracts/credit.ts';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import { orgCodeCheckChar, withUsccCheckChar } from '../../domain/uscc.ts';
import type { Db } from '../../prisma/client.ts';

export const testSigningKey = randomBytes(32);

/** A fresh, valid unified social credit code (Wuhan region, enterprise type). */
export function newUscc(): string {
  const digits = () => Math.floor(Math.random() * 10);
  const body = `MA${Array.from({ length: 6 }, digits).join('')}`;
  return withUsccCheckChar(`91420100${body}${orgCodeCheckChar(body)}`);
}

export const strongIndicators: EnterpriseIndicators = {
  registeredOn: '2019-03-01',
  asOf: '2026-11-27',
  employees: 120,
  stStaff: 40,
  rdStaff: 30,
  revenue: '50000000.00',
  totalAssets: '80000000.00',
  netAssets: '40000000.00',
  totalCost: '40000000.00',
  rdExpense: '3500000.00',
  ip: { classI: 2, classII: 5 },
  flags: { majorIncident: false, abnormalList: false, prohibitedProducts: false },
  directRoutes: {
    highTechCertValid: false,
    nationalAward: false,
    provincialRdInstitution: false,
    ledStandard: false,
  },
};

/** A young firm that passes the start-up test (128号): 2 years old, net assets ¥15m, sales ¥20m. */
export const startupIndicators: EnterpriseIndicators = {
  ...strongIndicators,
  registeredOn: '2024-06-01',
  netAssets: '15000000.00',
  totalAssets: '30000000.00',
  revenue: '20000000.00',
  totalCost: '10000000.00',
  rdExpense: '2500000.00',
};

export interface TestUser {
  id: string;
  token: string;
}

/** A user in the database and a demo token for it; approvers hold `approvalLevel`. */
export async function userWith(
  db: Db,
  roles: Role[],
  institutionCode?: string,
  approvalLevel?: ApprovalLevel,
): Promise<TestUser> {
  const institution = institutionCode
    ? await db.institution.upsert({
        where: { code: institutionCode },
        create: { code: institutionCode, name: `Bank ${institutionCode}`, kind: 'BANK' },
        update: {},
      })
    : undefined;
  const username = `user-${randomUUID().slice(0, 8)}`;
  const user = await db.user.create({
    data: {
      username,
      displayName: '测试用户',
      roles,
      approvalLevel,
      institutionId: institution?.id,
    },
  });
  const token = await signDemoToken(testSigningKey, {
    userId: user.id,
    username,
    roles,
    institutionCode,
  });
  return { id: user.id, token };
}

/**
 * The three people of a credit case: the firm's applicant and demo-bank's officer and
 * approver, a branch approver who may decide every case below the committee.
 */
export async function caseCast(db: Db): Promise<[TestUser, TestUser, TestUser]> {
  return Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['APPROVER'], 'demo-bank', 'BRANCH_APPROVER'),
  ]);
}

/** One document per checklist item of a credit loan: a complete file. */
export const completeFile: readonly string[] = completeFileFor(documentChecklist2026, 'credit');

/** Terms an officer proposes with a recommendation to approve (a small amount, below any case's). */
export const proposedTerms = {
  amountFen: 10_000_000,
  annualRate: '0.0385',
  termMonths: 12,
  repaymentMethod: 'equal-instalment',
  conditions: [],
} as const satisfies LoanTermsInput;
