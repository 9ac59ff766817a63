// `npm run faults`: does each fault to a running platform with clients at work, then checks
// that nothing was lost. Prints one line per fault with its invariants (✓ held, ✗ broken,
// what broke it below the table) and exits 1 if any fault broke one.
import { Cluster } from './cluster.ts';
import { clusterFaults, type Fault, type Outcome } from './faults.ts';
import { checkInvariants, invariantNames, type Invariant, type Verdicts } from './invariants.ts';
import { Traffic } from './traffic.ts';
import { WholePlatform } from './whole-platform.ts';

interface Result {
  fault: string;
  outcome: Outcome;
  verdicts: Verdicts;
  seconds: number;
}

const invariants = Object.keys(invariantNames) as Invariant[];
const FAULT_WIDTH = 36;

function header(): string {
  const columns = invariants.map((_, i) => `I${i + 1}`).join(' ');
  return `${'fault'.padEnd(FAULT_WIDTH)} clients  ${columns}  time  what the fault did`;
}

function line({ fault, outcome, verdicts, seconds }: Result): string {
  const clients = `${outcome.finished}/${outcome.clients}`.padStart(7);
  const marks = invariants.map((i) => (verdicts[i] === true ? ' ✓' : ' ✗')).join(' ');
  const time = `${seconds}s`.padStart(5);
  return `${fault.padEnd(FAULT_WIDTH)} ${clients}  ${marks} ${time}  ${outcome.info ?? ''}`;
}

const problemsOf = ({ fault, outcome, verdicts }: Result): string[] => [
  ...outcome.findings.map((finding) => `${fault}: ${finding}`),
  ...invariants.flatMap((i) =>
    verdicts[i] === true ? [] : [`${fault}: ${invariantNames[i]}: ${verdicts[i]}`],
  ),
];

async function runFault(fault: Fault): Promise<Result> {
  const started = Date.now();
  const outcome = await fault.run().catch((error: unknown): Outcome => ({
    traffic: new Traffic(fault.observed().apiUrl),
    clients: 0,
    finished: 0,
    findings: [`the fault itself failed: ${String(error)}`],
  }));
  const verdicts = await checkInvariants(fault.observed(), outcome.traffic);
  const result = {
    fault: fault.name,
    outcome,
    verdicts,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  console.log(line(result));
  return result;
}

/** What the processes logged for each failed request a finding names, to tell why. */
function printLogsOfFailures(cluster: Cluster, results: Result[]) {
  for (const problem of results.flatMap(problemsOf)) {
    const requestId = /"requestId":"([^"]+)"/.exec(problem)?.[1];
    if (!requestId) continue;
    console.log(`\nlogged for request ${requestId}:`);
    for (const line of cluster.linesWith(requestId)) console.log(`  ${line.slice(0, 4000)}`);
  }
}

async function main() {
  const started = Date.now();
  console.log('Invariants, checked after every fault:');
  invariants.forEach((i, n) => console.log(`  I${n + 1} ${invariantNames[i]}`));
  console.log(`\n${header()}`);
  const results: Result[] = [];
  const cluster = await Cluster.start();
  try {
    for (const fault of clusterFaults(cluster)) results.push(await runFault(fault));
    printLogsOfFailures(cluster, results);
  } finally {
    await cluster.stop();
  }
  const platform = await WholePlatform.start();
  try {
    results.push(
      await runFault(platform.fault('platform SIGINT (Ctrl-C), traffic', 'SIGINT', 'group')),
    );
    results.push(
      await runFault(platform.fault('platform SIGTERM (service), traffic', 'SIGTERM', 'process')),
    );
  } finally {
    await platform.stop();
  }
  const problems = results.flatMap(problemsOf);
  const broken = results.filter((r) => problemsOf(r).length > 0).length;
  console.log(
    `\n${results.length} faults, ${broken} broke something, in ${Math.round((Date.now() - started) / 1000)}s`,
  );
  for (const problem of problems) console.log(`  ✗ ${problem}`);
  process.exit(broken ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
