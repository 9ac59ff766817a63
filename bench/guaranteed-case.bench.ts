// A guaranteed credit case end to end next to a plain one, on the platform credit-track.bench.ts
// starts (every part real, bots acting over HTTP), each case timed from filing to disbursement.
// Three kinds: plain credit cases; cases under the special plan taken on by the guarantor's own
// diligence, its officer and approver bots too; the same under a batch agreement with the bank
// (见贷即保), where no guarantor acts. Each kind runs its cases one after another, for a case's
// own time, then all at once, for cases per minute.
import type { GuaranteeRequest } from '../api/use-cases/request-guarantee.ts';
import { shanghaiDate } from '../domain/calendar.ts';
import { monthsAfter } from '../domain/loan/repayment-schedule.ts';
import {
  benchPeople,
  call,
  caseBots,
  fileCase,
  firmOf,
  guarantorBots,
  startBots,
  type BenchPeople,
} from './credit-track/actors.ts';
import { casesAtOnce, percentile } from './credit-track/cases.ts';
import { startPlatform, type Platform } from './credit-track/platform.ts';

const CASES = Number(process.env.BENCH_CASES ?? 20);
const WARM_UP_CASES = 3;
const KINDS = 3;
const specialPlan: GuaranteeRequest = { guarantor: 'demo-guarantor', scheme: 'special-plan' };

export async function run(): Promise<void> {
  const platform = await startPlatform();
  try {
    const people = await benchPeople(platform.db, platform.signingKey);
    const setUp = administrator(platform, people);
    // Each kind files its warm-up cases, its cases one after another, then as many at once.
    await listFirms(setUp, KINDS * (WARM_UP_CASES + 2 * CASES));
    await setUp('POST', '/v1/framework-agreements', {
      ...agreementTerms(),
      kind: 'REGUARANTEE',
      reference: 'BENCH-REGUARANTEE',
      provider: 'demo-reguarantor',
      beneficiary: 'demo-guarantor',
      reguaranteeFeeBp: 30,
    });
    await setUp('POST', '/v1/framework-agreements', {
      ...agreementTerms(),
      kind: 'NATIONAL_FUND',
      reference: 'BENCH-NATIONAL-FUND',
      provider: 'demo-national-fund',
      beneficiary: 'demo-guarantor',
    });

    // The guarantor's bots watch their inboxes for every kind, so that all run under the same
    // polling.
    const bots = startBots(platform.baseUrl, [...caseBots(people), ...guarantorBots(people)]);
    let filed = 0;
    const kind = async (guarantee?: GuaranteeRequest) => {
      const fileOne = () =>
        fileCase(platform.db, platform.temporal, people.applicant, filed++, guarantee);
      // The first cases of a kind load its workflow code and letters; none of them is counted.
      await casesAtOnce(WARM_UP_CASES, fileOne, bots.failed);
      const alone: number[] = [];
      for (let i = 0; i < CASES; i++) {
        alone.push((await casesAtOnce(1, fileOne, bots.failed)).seconds);
      }
      alone.sort((a, b) => a - b);
      const atOnce = await casesAtOnce(CASES, fileOne, bots.failed);
      return {
        p50: percentile(alone, 50),
        p95: percentile(alone, 95),
        perMinute: (CASES / atOnce.seconds) * 60,
      };
    };
    const plain = await kind();
    const diligence = await kind(specialPlan);
    // From now on the guarantor takes every deal of the bank's on without a review.
    await setUp('POST', '/v1/framework-agreements', {
      ...agreementTerms(),
      kind: 'BATCH',
      reference: 'BENCH-BATCH',
      provider: 'demo-guarantor',
      beneficiary: 'demo-bank',
      guaranteeFeeBp: 80,
      reguaranteeFeeBp: 30,
    });
    const batch = await kind(specialPlan);
    await bots.stop();

    const figures = (r: typeof plain) =>
      `alone p50 ${r.p50.toFixed(2)} s, p95 ${r.p95.toFixed(2)} s; ` +
      `${CASES} at once ${r.perMinute.toFixed(1)} cases/min`;
    const againstPlain = (r: typeof plain) =>
      ` → ${(r.p50 / plain.p50).toFixed(2)}× the plain case's p50 alone, ` +
      `${(r.perMinute / plain.perMinute).toFixed(2)}× its cases/min`;
    console.log(`plain credit case, filing → disbursed, ${CASES} cases: ${figures(plain)}`);
    console.log(
      `guaranteed case, the guarantor's diligence (officer and approver bots): ` +
        figures(diligence) +
        againstPlain(diligence),
    );
    console.log(
      `guaranteed case, batch agreement (no guarantor acts): ` +
        figures(batch) +
        againstPlain(batch),
    );
  } finally {
    await platform.stop();
  }
}

/** Acts as the administrator, who sets the stage over HTTP; anything but a 201 stops the bench. */
function administrator({ baseUrl }: Platform, { admin }: BenchPeople) {
  return async (method: string, path: string, body: object) => {
    const res = await call(baseUrl, admin, path, body, method);
    if (res.status !== 201) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
}

/** The science bureau's list names every firm the bench files, as one upload. */
function listFirms(setUp: ReturnType<typeof administrator>, count: number) {
  const entries = Array.from({ length: count }, (_, n) => ({
    ...firmOf(n),
    basis: 'SPECIALISED',
    reference: `ZJTX-BENCH-${n}`,
  }));
  return setUp('PUT', '/v1/whitelist', { entries });
}

/** In force today, with room for every deal the bench files (¥1m each). */
function agreementTerms() {
  const today = shanghaiDate(new Date());
  return {
    schemeFamily: 'special-plan',
    validFrom: monthsAfter(today, -1),
    validUntil: monthsAfter(today, 12),
    quota: '100000000000.00',
    perFirmLimit: '30000000.00',
  };
}
