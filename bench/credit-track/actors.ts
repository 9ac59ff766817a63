// The people of the bench: an applicant who files cases with a complete dossier, and bots that
// watch their inboxes and act over HTTP as the officer, the approver and the applicant would.
import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { orgCodeCheckChar, withUsccCheckChar } from '../../domain/uscc.ts';
import { recordAuditEvent } from '../../prisma/audit-trail.ts';
import type { Db } from '../../prisma/client.ts';
import { completeFile, strongIndicators, type TestUser } from '../../test/support/fixtures.ts';
import { TASK_QUEUE, creditApplicationWorkflowId } from '../../workflows/ids.ts';
import type { CaseSnapshot, CreditApplicationInput } from '../../workflows/messages.ts';

/** The plan the officer proposes and the approver grants as it stands. */
const proposal = {
  amount: '1000000.00',
  annualRate: '0.0435',
  termMonths: 24,
  repaymentMethod: 'equal-instalment',
  conditions: [],
};

export const requestedFen = 100_000_000;

const pinned = {
  creditTrack: 'credit-track@2026.1',
  scorecards: { 'tech-sme': '2017.1' },
  authority: 'authority@2026.1',
  documents: 'documents@2026.1',
} satisfies CreditApplicationInput['policy'];

const pdf = Buffer.from('%PDF-1.4 bench document');
const pdfSha256 = createHash('sha256').update(pdf).digest('hex');

/**
 * Case `n`: a firm, its application and every checklist document written as the filing and
 * upload routes write them, then the workflow started as the filing route starts it.
 */
export async function fileCase(db: Db, temporal: Client, applicant: TestUser, n: number) {
  const body = `MA${String(n).padStart(6, '0')}`;
  const enterprise = await db.enterprise.create({
    data: {
      name: `武汉基准${n}科技有限公司`,
      uscc: withUsccCheckChar(`91420100${body}${orgCodeCheckChar(body)}`),
      region: '湖北省武汉市',
      indicators: strongIndicators,
      ownerId: applicant.id,
    },
  });
  const bank = await db.institution.findUniqueOrThrow({ where: { code: 'demo-bank' } });
  const id = randomUUID();
  await db.application.create({
    data: {
      id,
      reference: `B-${id.slice(0, 8)}`,
      enterpriseId: enterprise.id,
      bankId: bank.id,
      product: 'credit',
      amountFen: BigInt(requestedFen),
      termMonths: 24,
      purpose: '研发设备采购',
      workflowId: creditApplicationWorkflowId(id),
      policyVersions: pinned,
      filedById: applicant.id,
      documents: {
        create: completeFile.map((type) => ({
          type,
          fileName: `${type}.pdf`,
          mediaType: 'application/pdf',
          sizeBytes: pdf.length,
          sha256: pdfSha256,
          content: new Uint8Array(pdf),
          uploadedById: applicant.id,
        })),
      },
    },
  });
  await recordAuditEvent(db, {
    entityType: 'Application',
    entityId: id,
    action: 'filed',
    actorId: applicant.id,
    actorRole: 'APPLICANT',
    data: { policy: pinned },
    dedupeKey: `${id}:filed`,
  });
  const input: CreditApplicationInput = {
    applicationId: id,
    filedById: applicant.id,
    bankCode: 'demo-bank',
    policy: pinned,
  };
  return temporal.workflow.start<(input: CreditApplicationInput) => Promise<CaseSnapshot>>(
    'creditApplicationWorkflow',
    { workflowId: creditApplicationWorkflowId(id), taskQueue: TASK_QUEUE, args: [input] },
  );
}

export const call = (baseUrl: string, user: TestUser, path: string, body?: object) =>
  fetch(`${baseUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });

interface Bot {
  user: TestUser;
  /** The inbox the bot watches: the ids of the cases waiting for it. */
  inbox: string;
  waiting(page: unknown): string[];
  act(id: string): [path: string, body: object];
}

/**
 * Each bot reads its inbox every `pollMs` and acts on every case in it, at once. A 409 means
 * the case is not there yet (its task shows before the workflow moves on): the next poll
 * tries again. Anything else unexpected stops the bench.
 */
export function startBots(
  baseUrl: string,
  people: { applicant: TestUser; officer: TestUser; approver: TestUser },
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
  /** Rejects with the first failure, so a bench waiting on cases does not wait forever. */
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
