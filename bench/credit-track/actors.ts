// The people of the bench: the demo applicant, who files applications with a complete dossier, and
// bots that watch their inboxes and act over HTTP as the officer, the approver and the
// applicant would, and for a guaranteed case the guarantor's officer and approver.
import { fakeRegistries } from '../../activities/registries/fake-registries.ts';
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { fileApplication } from '../../api/use-cases/file-application.ts';
import type { GuaranteeRequest } from '../../api/use-cases/request-guarantee.ts';
import { signDemoToken } from '../../api/auth.ts';
import { creditApplicationWorkflowId } from '../../domain/contracts/credit.ts';
import { completeFileFor, checklistInForce } from '../../domain/credit/document-checklist.ts';
import { documentChecklists } from '../../domain/credit/document-checklist.data.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import type { EnterpriseIndicators } from '../../domain/scorecards/indicators.ts';
import { orgCodeCheckChar, withUsccCheckChar } from '../../domain/uscc.ts';
import type { Db } from '../../prisma/client.ts';
import type { creditApplicationWorkflow } from '../../workflows/index.ts';

/** The plan the officer proposes and the approver grants as it stands. */
const proposal = {
  amount: '1000000.00',
  annualRate: '0.0435',
  termMonths: 24,
  repaymentMethod: 'equal-instalment',
  conditions: [],
};

const requestedFen = 100_000_000;

/** A firm the tech-SME card grades A: the README's example firm. */
const indicators: EnterpriseIndicators = {
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
};

const pdf = Buffer.from('%PDF-1.4 bench document');
const pdfSha256 = createHash('sha256').update(pdf).digest('hex');

export interface BenchUser {
  id: string;
  token: string;
}

/**
 * The demo applicant, the bank's officer and branch approver, the guarantor's officer and
 * approver, and the administrator, as the seed made them, with tokens of `key`.
 */
export async function benchPeople(db: Db, key: Uint8Array) {
  const person = async (username: string): Promise<BenchUser> => {
    const user = await db.user.findUniqueOrThrow({
      where: { username },
      include: { institution: true },
    });
    const token = await signDemoToken(key, {
      userId: user.id,
      username,
      roles: user.roles,
      institutionCode: user.institution?.code,
    });
    return { id: user.id, token };
  };
  return {
    applicant: await person('applicant'),
    officer: await person('officer'),
    approver: await person('branch-approver'),
    guarantor: await person('guarantor'),
    guaranteeApprover: await person('guarantee-approver'),
    admin: await person('admin'),
  };
}

export type BenchPeople = Awaited<ReturnType<typeof benchPeople>>;

/** Firm `n` of the applicant's: a name and a valid USCC of its own. */
export function firmOf(n: number) {
  const body = `MA${String(n).padStart(6, '0')}`;
  return {
    name: `武汉基准${n}科技有限公司`,
    uscc: withUsccCheckChar(`91420100${body}${orgCodeCheckChar(body)}`),
  };
}

/**
 * Application `n`: firm `n`, filed with every checklist document at once, and with `guarantee`
 * when one is asked for.
 */
export async function fileCase(
  db: Db,
  temporal: Client,
  applicant: BenchUser,
  n: number,
  guarantee?: GuaranteeRequest,
) {
  const enterprise = await db.enterprise.create({
    data: {
      ...firmOf(n),
      region: '湖北省武汉市',
      indicators: { ...indicators },
      ownerId: applicant.id,
    },
  });
  const checklist = checklistInForce(documentChecklists, 'demo-bank', shanghaiDate(new Date()));
  const documents = completeFileFor(checklist, 'credit').map((type) => ({
    type,
    fileName: `${type}.pdf`,
    mediaType: 'application/pdf',
    content: pdf,
    sha256: pdfSha256,
  }));
  const filing = {
    enterpriseId: enterprise.id,
    bankCode: 'demo-bank',
    product: 'credit' as const,
    amountFen: requestedFen,
    termMonths: 24,
    purpose: '研发设备采购',
    ...(guarantee && { guarantee }),
  };
  const deps = { db, temporal, registries: fakeRegistries(db) };
  const { id } = await fileApplication(deps, applicant.id, filing, { documents });
  return temporal.workflow.getHandle<typeof creditApplicationWorkflow>(
    creditApplicationWorkflowId(id),
  );
}

export const call = (baseUrl: string, user: BenchUser, path: string, body?: object) =>
  fetch(`${baseUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });

interface Bot {
  user: BenchUser;
  /** The inbox the bot watches: the ids of the applications waiting for it. */
  inbox: string;
  waiting(page: unknown): string[];
  act(id: string): [path: string, body: object];
}

/**
 * Each bot reads its inbox every `pollMs` and acts on every application in it, at once. A 409 means
 * the application is not there yet (its task shows before the workflow moves on): the next poll
 * tries again. Anything else unexpected stops the bench.
 */
export function startBots(
  baseUrl: string,
  people: { applicant: BenchUser; officer: BenchUser; approver: BenchUser },
  pollMs = 100,
) {
  const bots: Bot[] = [
    {
      user: people.officer,
      inbox: '/v1/tasks?kind=REVIEW&limit=100',
      waiting: (page) => tasks(page).map((t) => t.application.id),
      act: (id) => [
        `/v1/applications/${id}/review`,
        { recommendation: 'approve', reasons: [], proposal },
      ],
    },
    {
      user: people.approver,
      inbox: '/v1/tasks?kind=DECISION&mine=true&limit=100',
      waiting: (page) => tasks(page).map((t) => t.application.id),
      act: (id) => [`/v1/applications/${id}/decision`, { outcome: 'approve', ...proposal }],
    },
    {
      user: people.applicant,
      inbox: '/v1/applications?status=APPROVED&limit=100',
      waiting: (page) =>
        cases(page)
          .filter((c) => c.step === 'offer')
          .map((c) => c.id),
      act: (id) => [`/v1/applications/${id}/offer/response`, { response: 'accept' }],
    },
  ];
  let running = true;
  let failure: Error | undefined;
  let fail!: (error: Error) => void;
  /** Rejects with the first failure, so a bench waiting on applications does not wait forever. */
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {});
  const stopWith = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    fail(failure);
  };
  const loops = bots.map(async (bot) => {
    const busy = new Set<string>();
    const actOn = async (id: string) => {
      try {
        const res = await call(baseUrl, bot.user, ...bot.act(id));
        const body = await res.text();
        if (res.status !== 200 && res.status !== 409) {
          throw new Error(`${bot.act(id)[0]}: ${res.status} ${body}`);
        }
      } catch (error) {
        stopWith(error);
      } finally {
        busy.delete(id);
      }
    };
    while (running && !failure) {
      try {
        const res = await call(baseUrl, bot.user, bot.inbox);
        if (res.status !== 200) throw new Error(`${bot.inbox}: ${res.status} ${await res.text()}`);
        for (const id of bot.waiting(await res.json())) {
          if (busy.has(id)) continue;
          busy.add(id);
          void actOn(id);
        }
      } catch (error) {
        stopWith(error);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  });
  return {
    failed,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      if (failure) throw failure;
    },
  };
}

const tasks = (page: unknown) => (page as { items: { application: { id: string } }[] }).items;
const cases = (page: unknown) => (page as { items: { id: string; step: string }[] }).items;
