// What must hold after any fault, checked against the platform's own records: its database,
// its workflows, its audit chain and every answer its clients received.
import { settlementAccount } from '../../activities/core-banking.ts';
import { verifyAuditChain } from '../../prisma/audit-chain.ts';
import { eventually } from '../support/eventually.ts';
import type { Observed } from './cluster.ts';
import { errorOf, type Traffic } from './traffic.ts';

export const invariantNames = {
  oneCase: 'one row and one workflow per acknowledged case',
  noOrphan: 'no row without its workflow',
  actsDelivered: 'every recorded act reached its workflow',
  onePayment: 'at most one disbursement per loan',
  noneStuck: 'no workflow stuck or failed',
  noLeak: 'no 5xx but a plain 503 with Retry-After',
  chain: 'the audit chain verifies',
} as const;

export type Invariant = keyof typeof invariantNames;
/** Each invariant: held, or what broke it. */
export type Verdicts = Record<Invariant, true | string>;

/** What the reconciler may take (its period and the settling time of a fresh row) to catch up. */
const CATCH_UP_MS = 45_000;
/** An answer that names the platform's insides. */
const internals = /prisma|grpc|temporal|postgres|ECONN|\bat .+\(|\.ts:\d|stack/i;

async function eachWorkflowExists(observed: Observed, workflowIds: string[]) {
  const missing: string[] = [];
  for (const id of workflowIds) {
    await observed.temporal.workflow
      .getHandle(id)
      .describe()
      .catch(() => missing.push(id));
  }
  return missing;
}

async function oneCase(observed: Observed, traffic: Traffic): Promise<true | string> {
  const ids = [...traffic.acknowledged];
  const rows = await observed.db.application.findMany({ where: { id: { in: ids } } });
  if (rows.length !== ids.length) return `${ids.length - rows.length} acknowledged cases lost`;
  const firms = rows.map((r) => r.enterpriseId);
  const twins = await observed.db.application.count({
    where: { enterpriseId: { in: firms }, id: { notIn: ids } },
  });
  if (twins) return `${twins} cases filed twice`;
  const missing = await eachWorkflowExists(
    observed,
    rows.map((r) => r.workflowId),
  );
  return missing.length ? `no workflow for ${missing.join(', ')}` : true;
}

/** Waits for the reconciler to start every row and deliver every document, then checks. */
async function caughtUp(observed: Observed, what: 'rows' | 'documents'): Promise<true | string> {
  const count = () =>
    what === 'rows'
      ? observed.db.application.count({ where: { workflowStartedAt: null } })
      : observed.db.document.count({ where: { deliveredAt: null } });
  return eventually(async () => {
    const left = await count();
    if (left) throw new Error(`${left} ${what} never handed to their workflow`);
    return true as const;
  }, CATCH_UP_MS).catch((error: Error) => error.message);
}

async function noOrphan(observed: Observed): Promise<true | string> {
  const unstarted = await caughtUp(observed, 'rows');
  if (unstarted !== true) return unstarted;
  const rows = await observed.db.application.findMany({ select: { workflowId: true } });
  const missing = await eachWorkflowExists(
    observed,
    rows.map((r) => r.workflowId),
  );
  return missing.length ? `${missing.length} rows whose workflow does not exist` : true;
}

async function onePayment(observed: Observed): Promise<true | string> {
  const loans = await observed.db.loan.findMany({
    select: { id: true, amountFen: true, application: { select: { enterprise: true } } },
  });
  const transfers = await observed.db.fakeCoreBankingTransfer.findMany();
  for (const loan of loans) {
    const account = settlementAccount(loan.application.enterprise.uscc);
    const toLoan = transfers.filter((t) => t.account === account);
    const paid = toLoan.reduce((sum, t) => sum + t.amountFen, 0n);
    if (toLoan.length > 1 || paid > loan.amountFen) {
      return `loan ${loan.id} paid ${toLoan.length} times (${paid} fen)`;
    }
  }
  return true;
}

async function noneStuck(observed: Observed): Promise<true | string> {
  const { workflow } = observed.temporal;
  for await (const closed of workflow.list({ query: 'ExecutionStatus!="Running"' })) {
    if (!['COMPLETED', 'CONTINUED_AS_NEW'].includes(closed.status.name))
      return `${closed.workflowId} ${closed.status.name}`;
  }
  for await (const open of workflow.list({ query: 'ExecutionStatus="Running"' })) {
    const { raw } = await workflow.getHandle(open.workflowId).describe();
    const task = raw.pendingWorkflowTask;
    if (task && (task.attempt ?? 1) > 1) {
      return `${open.workflowId}: workflow task failing (attempt ${task.attempt})`;
    }
    const failing = (raw.pendingActivities ?? []).find((a) => (a.attempt ?? 1) > 2);
    if (failing) {
      return `${open.workflowId}: ${failing.activityType?.name} failing (attempt ${failing.attempt})`;
    }
  }
  return true;
}

function noLeak(traffic: Traffic): true | string {
  const bad = traffic.answers.find(
    (a) =>
      a.status >= 500 &&
      (a.status !== 503 ||
        a.retryAfter === null ||
        errorOf(a)?.code !== 'unavailable' ||
        internals.test(JSON.stringify(a.body))),
  );
  return bad ? `${bad.method} ${bad.path}: ${bad.status} ${JSON.stringify(bad.body)}` : true;
}

async function chain(observed: Observed): Promise<true | string> {
  const report = await verifyAuditChain(observed.db);
  return report.intact ? true : `broken at ${JSON.stringify(report.firstBroken)}`;
}

export async function checkInvariants(observed: Observed, traffic: Traffic): Promise<Verdicts> {
  return {
    oneCase: await oneCase(observed, traffic),
    noOrphan: await noOrphan(observed),
    actsDelivered: await caughtUp(observed, 'documents'),
    onePayment: await onePayment(observed),
    noneStuck: await noneStuck(observed),
    noLeak: noLeak(traffic),
    chain: await chain(observed),
  };
}
