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

/** The guarantor's diligence finds nothing amiss, and its approver charges what the caps allow. */
const report = '核查了企业经营、研发投入与反担保措施，风险可控。';
const fees = [
  { kind: 'guarantee', rateBp: 80 },
  { kind: 'reguarantee', rateBp: 30 },
];

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

export const call = (
  baseUrl: string,
  user: BenchUser,
  path: string,
  body?: object,
  method = body ? 'POST' : 'GET',
) =>
  fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });

/** A page read as the bot's user. */
type Read = (path: string) => Promise<unknown>;

interface Bot {
  user: BenchUser;
  /** Reads the bot's inbox: the ids of what waits for it. */
  waiting(read: Read): Promise<string[]>;
  act(id: string): [path: string, body: object];
}

/** The bank's officer and approver and the applicant, whom every case needs. */
export const caseBots = (people: BenchPeople): Bot[] => [
  {
    user: people.officer,
    waiting: casesWaiting('/v1/tasks?kind=REVIEW&limit=100'),
    act: (id) => [
      `/v1/applications/${id}/review`,
      { recommendation: 'approve', reasons: [], proposal },
    ],
  },
  {
    user: people.approver,
    waiting: casesWaiting('/v1/tasks?kind=DECISION&mine=true&limit=100'),
    act: (id) => [`/v1/applications/${id}/decision`, { outcome: 'approve', ...proposal }],
  },
  {
    user: people.applicant,
    waiting: async (read) =>
      cases(await read('/v1/applications?status=APPROVED&limit=100'))
        .filter((c) => c.step === 'offer')
        .map((c) => c.id),
    act: (id) => [`/v1/applications/${id}/offer/response`, { response: 'accept' }],
  },
];

/** The guarantor's officer and approver, whom a guarantee taken on by its own diligence needs. */
export const guarantorBots = (people: BenchPeople): Bot[] => [
  {
    user: people.guarantor,
    waiting: dealsWaiting('GUARANTEE_REVIEW'),
    act: (id) => [`/v1/guarantees/${id}/review`, { recommendation: 'approve', report }],
  },
  {
    user: people.guaranteeApprover,
    waiting: dealsWaiting('GUARANTEE_DECISION&mine=true'),
    act: (id) => [`/v1/guarantees/${id}/decision`, { outcome: 'approve', fees }],
  },
];

/**
 * Each bot reads its inbox every `pollMs` and acts on everything in it, at once. A 409 means the
 * case is not there yet (its task shows before the workflow moves on): the next poll tries
 * again. Anything else unexpected stops the bench.
 */
export function startBots(baseUrl: string, bots: Bot[], pollMs = 100) {
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
    const read: Read = async (path) => {
      const res = await call(baseUrl, bot.user, path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
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
        for (const id of await bot.waiting(read)) {
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

/** The cases an inbox of tasks shows. */
const casesWaiting = (inbox: string) => async (read: Read) =>
  tasks(await read(inbox)).map((t) => t.application.id);

/** The deals waiting for one of the guarantor's people: its inbox names each task's deal. */
const dealsWaiting = (kind: string) => async (read: Read) =>
  (
    (await read(`/v1/tasks?kind=${kind}&limit=100`)) as { items: { guaranteeId: string }[] }
  ).items.map((t) => t.guaranteeId);

const tasks = (page: unknown) => (page as { items: { application: { id: string } }[] }).items;
const cases = (page: unknown) => (page as { items: { id: string; step: string }[] }).items;
