// The faults, each done to a running platform with clients at work. A fault returns what its
// clients saw; the runner then checks the invariants against the platform's records.
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { Cluster, Observed } from './cluster.ts';
import {
  acceptOffer,
  approvedTerms,
  creditJourney,
  demoStaff,
  errorOf,
  filingFor,
  newApplicant,
  registerFirm,
  Traffic,
  type Answer,
  type Goal,
  type Journey,
} from './traffic.ts';

export interface Outcome {
  traffic: Traffic;
  /** Clients that started, and how many got where they were going. */
  clients: number;
  finished: number;
  /** What went wrong: for the clients that did not finish, or that the fault itself saw. */
  findings: string[];
  /** What the fault did, for the report (e.g. how many payments it interrupted). */
  info?: string;
}

export interface Fault {
  name: string;
  run(): Promise<Outcome>;
  /** The platform to check afterwards (a restarted one is reached anew). */
  observed(): Observed;
}

/** Clients working cases at once; `during` is done to the platform while they do. */
export async function underTraffic(
  observed: Observed,
  clients: number,
  goal: Goal,
  during: () => Promise<Partial<Outcome> | void>,
): Promise<Outcome> {
  const traffic = new Traffic(observed.apiUrl);
  const staff = await demoStaff(observed);
  const journeys = Promise.allSettled(
    Array.from({ length: clients }, () => creditJourney(traffic, observed, staff, goal)),
  );
  const noticed = await during();
  return outcomeOf(traffic, await journeys, noticed ?? {});
}

function outcomeOf(
  traffic: Traffic,
  settled: PromiseSettledResult<unknown>[],
  { findings = [], info }: Partial<Outcome>,
): Outcome {
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
  const early =
    traffic.refusedAhead && `${traffic.refusedAhead} acts refused ahead of the workflow`;
  return {
    traffic,
    clients: settled.length,
    finished: settled.length - failures.length,
    findings: [...findings, ...failures],
    info: [info, early].filter(Boolean).join('; '),
  };
}

const CLIENTS = 6;

/** A part goes down `afterMs` into the traffic and comes back after `downMs`. */
const outage =
  (stop: () => Promise<void>, restart: () => Promise<void>, afterMs: number, downMs: number) =>
  async () => {
    await sleep(afterMs);
    await stop();
    await sleep(downMs);
    await restart();
  };

export const clusterFaults = (cluster: Cluster): Fault[] => {
  const { observed } = cluster;
  const onCluster = (name: string, run: () => Promise<Outcome>): Fault => ({
    name,
    run,
    observed: () => observed,
  });
  const temporalDown = (signal: NodeJS.Signals) =>
    outage(
      () => cluster.killTemporal(signal),
      () => cluster.restartTemporal(),
      2_000,
      10_000,
    );
  return [
    onCluster('worker SIGKILL mid-workflow-task', () =>
      underTraffic(observed, CLIENTS, 'disbursed', async () => {
        await sleep(3_000);
        await cluster.killPart('worker', 'SIGKILL');
        await sleep(2_000);
        await cluster.startPart('worker');
      }),
    ),
    onCluster('worker SIGKILL mid-disbursement', () => killedMidDisbursement(cluster)),
    onCluster('Temporal SIGTERM, traffic running', () =>
      underTraffic(observed, CLIENTS, 'disbursed', temporalDown('SIGTERM')),
    ),
    onCluster('Temporal SIGKILL, traffic running', () =>
      underTraffic(observed, CLIENTS, 'disbursed', temporalDown('SIGKILL')),
    ),
    onCluster('PostgreSQL stopped mid-write', () =>
      underTraffic(
        observed,
        CLIENTS,
        'disbursed',
        // SIGQUIT: PostgreSQL's immediate stop, no checkpoint, recovery at the next start.
        outage(
          () => cluster.killPostgres('SIGQUIT'),
          () => cluster.restartPostgres(),
          2_000,
          5_000,
        ),
      ),
    ),
    onCluster('20 identical filings at once', () => identicalFilings(observed)),
    onCluster('one key, two bodies at once', () => twoBodies(observed)),
    onCluster('two approvers at once', () => twoApprovers(observed)),
  ];
};

/** Offers accepted together; the worker dies as the first contract is signed, payments due. */
async function killedMidDisbursement(cluster: Cluster): Promise<Outcome> {
  const { observed } = cluster;
  const traffic = new Traffic(observed.apiUrl);
  const staff = await demoStaff(observed);
  const offered = await Promise.all(
    Array.from({ length: CLIENTS }, () => creditJourney(traffic, observed, staff, 'offer')),
  );
  const ids = offered.map((journey) => journey.id);
  const accepting = Promise.allSettled(offered.map((journey) => acceptOffer(traffic, journey)));
  const loans = { applicationId: { in: ids } };
  for (let waited = 0; waited < 30_000; waited += 10) {
    if (await observed.db.loan.count({ where: loans })) break;
    await sleep(10);
  }
  await cluster.killPart('worker', 'SIGKILL');
  const unpaid = await observed.db.loan.count({
    where: { ...loans, disbursements: { none: { status: 'PAID' } } },
  });
  await sleep(2_000);
  await cluster.startPart('worker');
  return outcomeOf(traffic, await accepting, {
    info: `${unpaid} loans signed and not yet paid at the kill`,
    findings: unpaid ? [] : ['no payment was due when the worker was killed'],
  });
}

/** A firm's applicant and a key, as a client about to file. */
async function readyToFile(observed: Observed, traffic: Traffic) {
  const applicant = await newApplicant(observed);
  const firmId = await registerFirm(traffic, applicant);
  const filing = (amount: string) => filingFor(firmId, amount);
  return { applicant, filing, key: `faults-${randomUUID()}` };
}

const idOf = (answer: Answer) => (answer.body as { id?: string }).id;

/**
 * One client's burst on one key. The creation budget (10 a minute a person) answers part of it
 * 429, as it would in production; every other answer must name the one case.
 */
async function identicalFilings(observed: Observed): Promise<Outcome> {
  const traffic = new Traffic(observed.apiUrl);
  const { applicant, filing, key } = await readyToFile(observed, traffic);
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      traffic.call('POST', '/v1/applications', applicant, filing('1000000.00'), key),
    ),
  );
  const filed = answers.filter((a) => a.status === 201);
  const limited = answers.filter((a) => a.status === 429).length;
  const cases = new Set(filed.map(idOf));
  for (const id of cases) traffic.acknowledged.add(id!);
  const one = cases.size === 1 && filed.length + limited === answers.length;
  return {
    traffic,
    clients: answers.length,
    finished: one ? answers.length : 0,
    findings: one ? [] : [`answers ${answers.map((a) => a.status)}, ${cases.size} cases`],
    info: `${filed.length} × 201 naming one case, ${limited} × 429`,
  };
}

/** Two bodies interleaved on one key: one body wins, the other is refused as a reused key. */
async function twoBodies(observed: Observed): Promise<Outcome> {
  const traffic = new Traffic(observed.apiUrl);
  const { applicant, filing, key } = await readyToFile(observed, traffic);
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      traffic.call(
        'POST',
        '/v1/applications',
        applicant,
        filing(i % 2 ? '2000000.00' : '1000000.00'),
        key,
      ),
    ),
  );
  const won = answers.filter((a) => a.status === 201);
  const reused = answers.filter((a) => errorOf(a)?.code === 'idempotency_key_reused').length;
  const limited = answers.filter((a) => a.status === 429).length;
  const cases = new Set(won.map(idOf));
  for (const id of cases) traffic.acknowledged.add(id!);
  const amounts = new Set(won.map((a) => (a.body as { amount: string }).amount));
  const oneWinner =
    cases.size === 1 &&
    amounts.size === 1 &&
    reused > 0 &&
    won.length + reused + limited === answers.length;
  return {
    traffic,
    clients: answers.length,
    finished: oneWinner ? answers.length : 0,
    findings: oneWinner ? [] : [`answers ${answers.map((a) => a.status)}, ${cases.size} cases`],
    info: `${won.length} × 201 one body, ${reused} × 422 reused key, ${limited} × 429`,
  };
}

async function twoApprovers(observed: Observed): Promise<Outcome> {
  const traffic = new Traffic(observed.apiUrl);
  const staff = await demoStaff(observed);
  const cases: Journey[] = await Promise.all(
    Array.from({ length: 3 }, () => creditJourney(traffic, observed, staff, 'approval')),
  );
  const approve = { outcome: 'approve', ...approvedTerms };
  const reject = { outcome: 'reject', reasons: ['研发投入不足以支撑还款'] };
  const decide = (journey: Journey, approver: string, decision: object) =>
    traffic.actWhenDue('POST', `/v1/applications/${journey.id}/decision`, approver, decision);
  const findings: string[] = [];
  for (const journey of cases) {
    const answers = await Promise.all([
      decide(journey, staff.approver, approve),
      decide(journey, staff.secondApprover, reject),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    if (statuses.join() !== '200,409') findings.push(`${journey.id}: ${statuses.join(' and ')}`);
  }
  return { traffic, clients: cases.length, finished: cases.length - findings.length, findings };
}
