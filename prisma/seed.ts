// Demo data, safe to run on every start: institutions (the demo bank with a drawn seal) and one
// user per role, with the approvers and committee members an application of any size needs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ApprovalLevel } from '../domain/credit/authority-matrix.ts';
import type { Role } from '../domain/roles.ts';
import type { Db } from './client.ts';
import { currentSeal, publishSeal } from './seal-store.ts';

export const demoInstitutions = [
  { code: 'demo-bank', name: '滴灌示范银行武汉分行', kind: 'BANK' },
  { code: 'demo-guarantor', name: '湖北省示范融资担保有限公司', kind: 'GUARANTOR' },
  { code: 'demo-reguarantor', name: '湖北省示范再担保集团有限公司', kind: 'REGUARANTOR' },
  { code: 'demo-national-fund', name: '国家融资担保基金（示范）', kind: 'NATIONAL_FUND' },
  { code: 'demo-pool', name: '湖北省科技金融风险补偿资金池', kind: 'RISK_POOL' },
  { code: 'demo-fund', name: '湖北省创业投资引导基金', kind: 'GUIDANCE_FUND' },
  { code: 'demo-seed-fund', name: '湖北省示范种子子基金', kind: 'SUB_FUND' },
  { code: 'demo-bank-ventures', name: '滴灌示范银行投资管理有限公司', kind: 'INVESTOR' },
] as const;

export const demoUsers: {
  username: string;
  displayName: string;
  roles: Role[];
  institution?: string;
  approvalLevel?: ApprovalLevel;
}[] = [
  { username: 'applicant', displayName: '陈思远', roles: ['APPLICANT'] },
  { username: 'officer', displayName: '李明华', roles: ['OFFICER'], institution: 'demo-bank' },
  {
    username: 'approver',
    displayName: '王建国',
    roles: ['APPROVER'],
    institution: 'demo-bank',
    approvalLevel: 'SUB_BRANCH_APPROVER',
  },
  {
    username: 'branch-approver',
    displayName: '刘德胜',
    roles: ['APPROVER'],
    institution: 'demo-bank',
    approvalLevel: 'BRANCH_APPROVER',
  },
  {
    username: 'committee-1',
    displayName: '张文博',
    roles: ['COMMITTEE_MEMBER'],
    institution: 'demo-bank',
  },
  {
    username: 'committee-2',
    displayName: '黄晓燕',
    roles: ['COMMITTEE_MEMBER'],
    institution: 'demo-bank',
  },
  {
    username: 'committee-3',
    displayName: '吴国栋',
    roles: ['COMMITTEE_MEMBER'],
    institution: 'demo-bank',
  },
  {
    username: 'guarantor',
    displayName: '赵海峰',
    roles: ['GUARANTOR'],
    institution: 'demo-guarantor',
  },
  {
    username: 'guarantee-approver',
    displayName: '钱玉兰',
    roles: ['GUARANTEE_APPROVER'],
    institution: 'demo-guarantor',
  },
  {
    username: 'reguarantor',
    displayName: '冯志远',
    roles: ['GUARANTOR'],
    institution: 'demo-reguarantor',
  },
  {
    username: 'national-fund',
    displayName: '褚晓东',
    roles: ['GUARANTOR'],
    institution: 'demo-national-fund',
  },
  { username: 'pool', displayName: '孙丽娟', roles: ['POOL_MANAGER'], institution: 'demo-pool' },
  { username: 'fund', displayName: '周志强', roles: ['FUND_MANAGER'], institution: 'demo-fund' },
  {
    username: 'seed-fund',
    displayName: '卫思远',
    roles: ['FUND_MANAGER'],
    institution: 'demo-seed-fund',
  },
  {
    username: 'bank-ventures',
    displayName: '蒋嘉怡',
    roles: ['FUND_MANAGER'],
    institution: 'demo-bank-ventures',
  },
  { username: 'admin', displayName: '平台管理员', roles: ['ADMIN'] },
];

/** The demo bank's seal: a drawn stamp, not any real institution's. */
const demoSeal = {
  institution: 'demo-bank',
  image: fileURLToPath(new URL('./demo-seal.png', import.meta.url)),
  signatory: '周文华',
};

export async function seedDemoData(db: Db): Promise<void> {
  for (const institution of demoInstitutions) {
    await db.institution.upsert({
      where: { code: institution.code },
      create: institution,
      update: {},
    });
  }
  const bank = await db.institution.findUniqueOrThrow({ where: { code: demoSeal.institution } });
  if (!(await currentSeal(db, bank.id))) {
    const image = await readFile(demoSeal.image);
    await publishSeal(db, { institutionId: bank.id, image, signatory: demoSeal.signatory });
  }
  for (const { institution, ...user } of demoUsers) {
    const institutionId = institution
      ? (await db.institution.findUniqueOrThrow({ where: { code: institution } })).id
      : null;
    await db.user.upsert({
      where: { username: user.username },
      create: { ...user, institutionId },
      update: {},
    });
    // A database seeded before approvers held levels gains them; a level set since stays.
    if (user.approvalLevel) {
      await db.user.updateMany({
        where: { username: user.username, approvalLevel: null },
        data: { approvalLevel: user.approvalLevel },
      });
    }
  }
}
