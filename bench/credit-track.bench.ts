// Capacity of the credit track on one machine, every part real: PostgreSQL, the Temporal dev
// server, the production worker and the API. (1) Whole applications per minute from filing (with a
// complete dossier) to disbursement, bots acting over HTTP as officer, approver and
// applicant; (2) an empty workflow running as many no-op activities per application on the same
// server, for our overhead; (3) latency of the inbox and of an application's detail under 50
// concurrent clients. The API, the worker and the clients share one Node process.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { benchPeople, call, caseBots, fileCase, startBots } from './credit-track/actors.ts';
import { casesAtOnce, percentile } from './credit-track/cases.ts';
import type { emptyCaseWorkflow } from './credit-track/empty-case.workflow.ts';
import { quiet, startPlatform, type Platform } from './credit-track/platform.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100);
const WARM_UP_CASES = 3;
/** Applications left waiting for review, so that the inbox has a full page to show. */
const PARKED_CASES = 60;
const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 20;

const emptyWorkflowsPath = fileURLToPath(
  new URL('./credit-track/empty-case.workflow.ts', import.meta.url),
);

const ms = (value: number) => `${value.toFixed(0)} ms`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

export async function run(): Promise<void> {
  const platform = await startPlatform();
  try {
    const people = await benchPeople(platform.db, platform.signingKey);
    let filed = 0;
    const fileOne = () => fileCase(platform.db, platform.temporal, people.applicant, filed++);

    const bots = startBots(platform.baseUrl, caseBots(people));
    const runCases = (count: number) => casesAtOnce(count, fileOne, bots.failed);
    // The first applications load the workflow code and the letter fonts; one of them is counted.
    const warm = await runCases(WARM_UP_CASES);
    const activities = await activitiesOf(warm.done[0]!.handle);
    const credit = await runCases(CASES);
    await bots.stop();
    const creditPerMinute = (CASES / credit.seconds) * 60;
    const finished = credit.done.map((c) => c.seconds).sort((a, b) => a - b);
    console.log(
      `credit case, filing → disbursed, ${CASES} at once, bots acting over HTTP: ` +
        `${credit.seconds.toFixed(1)} s, ${creditPerMinute.toFixed(1)} cases/min ` +
        `(case done after p50 ${percentile(finished, 50).toFixed(1)} s, ` +
        `p99 ${percentile(finished, 99).toFixed(1)} s); ${activities} activities a case`,
    );

    const empty = await emptyCases(platform.env, activities, CASES);
    const emptyPerMinute = (CASES / empty) * 60;
    console.log(
      `empty workflow, ${activities} no-op activities, ${CASES} at once: ` +
        `${empty.toFixed(1)} s, ${emptyPerMinute.toFixed(0)} cases/min → the credit track ` +
        `costs ${(emptyPerMinute / creditPerMinute).toFixed(1)}× a bare workflow of its shape`,
    );

    await parkCasesAtReview(platform, fileOne);
    const inbox = await latency(() => call(platform.baseUrl, people.officer, '/v1/tasks'));
    console.log(`GET /v1/tasks (officer, ${PARKED_CASES} open reviews, page of 50), ${inbox}`);
    const ids = credit.done.map((c) => c.handle.workflowId.replace('credit-application:', ''));
    const detail = await latency((n) =>
      call(platform.baseUrl, people.officer, `/v1/applications/${ids[n % ids.length]}`),
    );
    console.log(`GET /v1/applications/:id (disbursed cases), ${detail}`);
  } finally {
    await platform.stop();
  }
}

/** The activities a finished application ran, read from its history. */
async function activitiesOf(handle: WorkflowHandle) {
  const { events } = await handle.fetchHistory();
  return (events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length;
}

/** Seconds for `count` empty workflows at once, on a worker and task queue of their own. */
async function emptyCases(env: TestWorkflowEnvironment, activities: number, count: number) {
  const taskQueue = `bench-empty-case-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: emptyWorkflowsPath, logger: quiet }),
    activities: { step: async () => {} },
  });
  const runOnce = async (n: number) => {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: n }, () =>
        env.client.workflow.execute<typeof emptyCaseWorkflow>('emptyCaseWorkflow', {
          workflowId: `empty-case-${randomUUID()}`,
          taskQueue,
          args: [activities],
        }),
      ),
    );
    return (performance.now() - started) / 1000;
  };
  return worker.runUntil(async () => {
    await runOnce(WARM_UP_CASES);
    return runOnce(count);
  });
}

/** Files applications and waits until each waits in the officer's inbox; no bot is running now. */
async function parkCasesAtReview({ db }: Platform, fileOne: () => Promise<unknown>) {
  await Promise.all(Array.from({ length: PARKED_CASES }, fileOne));
  for (let waited = 0; ; waited += 200) {
    const open = await db.task.count({ where: { kind: 'REVIEW', status: 'OPEN' } });
    if (open >= PARKED_CASES) return;
    if (waited > 60_000) throw new Error(`only ${open} cases reached review`);
    await sleep(200);
  }
}

/** p50/p99 of one request made by CLIENTS clients in turn, after one warm-up round. */
async function latency(request: (n: number) => Promise<Response>): Promise<string> {
  const samples: number[] = [];
  const client = async (clientNo: number, requests: number, record: boolean) => {
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      const res = await request(clientNo * requests + i);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${res.url}: ${res.status}`);
      if (record) samples.push(performance.now() - started);
    }
  };
  const clients = (requests: number, record: boolean) =>
    Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c, requests, record)));
  await clients(1, false);
  const started = performance.now();
  await clients(REQUESTS_PER_CLIENT, true);
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return (
    `${CLIENTS} clients × ${REQUESTS_PER_CLIENT}: p50 ${ms(percentile(samples, 50))}, ` +
    `p99 ${ms(percentile(samples, 99))}, ${(samples.length / seconds).toFixed(0)} req/s`
  );
}
