// FAKE registries: no patent office or market-regulation bureau exists here. Their records and
// filings live in PostgreSQL (FakeIpRecord, FakeEquityRecord, FakeRegistryFiling) and behave
// as the real ones do: a right's status is what the record says, a filing is decided some
// working days after it is made (CNIPA 3, the copyright centre 5, SAMR 3 by default, within
// the timers the pledge policy sets), a right pledged elsewhere or frozen is refused, and a
// repeated idempotency key files nothing new. `drive` changes the records as events at the
// real registries would: a patent lapses, fees go unpaid, shares are frozen, a filing is
// rejected or answered late.
import { randomUUID } from 'node:crypto';
import { addWorkingDays, shanghaiDate } from '../../domain/calendar.ts';
import type {
  DeclaredHolding,
  FilingOutcome,
  Registries,
  RegistryFiling,
} from '../../domain/contracts/registries.ts';
import { registryOf, type IpRightRef, type Registry } from '../../domain/pledge/collateral.ts';
import type { EquityStatus, IpLegalStatus } from '../../domain/pledge/eligibility.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import type { Db, FakeEquityRecord, FakeIpRecord, Prisma } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';

/** Working days each fake registry takes to decide a filing, unless driven otherwise. */
const DECISION_WORKING_DAYS: Readonly<Record<Registry, number>> = { CNIPA: 3, CPCC: 5, SAMR: 3 };
/** Years the fake assumes a holder keeps a patent's fees paid, unless driven otherwise. */
const FEES_PAID_YEARS = 5;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const holdingKey = (h: { companyUscc: string; shareholder: string }) =>
  `${h.companyUscc}/${h.shareholder}`;

export type IpRecordChange = Partial<
  Pick<
    FakeIpRecord,
    | 'inForce'
    | 'invalidationRequested'
    | 'rejectFilingWith'
    | 'decisionWorkingDays'
    | 'pledgedUnder'
  > & { feesPaidTo: string | null }
>;
export type EquityRecordChange = Partial<
  Pick<
    FakeEquityRecord,
    'frozen' | 'articlesForbidPledge' | 'rejectFilingWith' | 'decisionWorkingDays' | 'pledgedUnder'
  >
>;

export interface FakeRegistries extends Registries {
  /** Changes a record the way an event at the registry would (tests, demos). */
  drive: {
    ip(right: IpRightRef, change: IpRecordChange): Promise<void>;
    equity(holding: DeclaredHolding, change: EquityRecordChange): Promise<void>;
  };
}

export function fakeRegistries(db: Db): FakeRegistries {
  /**
   * The office knows every right a firm on the platform has declared in its registry, as in
   * force with its fees paid (for a patent) until its expiry or for five years; a right no
   * firm declared is unknown. Read once, then kept, so drives persist.
   */
  async function ipRecord(right: IpRightRef, asOf: string): Promise<FakeIpRecord | null> {
    const registry = registryOf(right.type);
    const id = { registry_number: { registry, number: right.number } };
    const kept = await db.fakeIpRecord.findUnique({ where: id });
    if (kept) return kept;
    const declared = await db.ipRight.findFirst({
      where: { type: right.type, number: right.number },
      include: { enterprise: true },
      orderBy: { createdAt: 'asc' },
    });
    if (!declared) return null;
    const isPatent = right.type.endsWith('PATENT') || right.type === 'UTILITY_MODEL';
    const feesPaidTo = declared.expiresOn ?? dayOf(monthsAfter(asOf, 12 * FEES_PAID_YEARS));
    await db.fakeIpRecord.createMany({
      data: [
        {
          registry,
          type: right.type,
          number: right.number,
          holderUscc: declared.enterprise.uscc,
          title: declared.title,
          inForce: declared.status !== 'LAPSED',
          feesPaidTo: isPatent ? feesPaidTo : null,
          invalidationRequested: declared.status === 'DISPUTED',
          pledgedUnder: declared.status === 'PLEDGED' ? 'EARLIER-PLEDGE' : null,
        },
      ],
      skipDuplicates: true,
    });
    return db.fakeIpRecord.findUnique({ where: id });
  }

  /** The bureau knows the holdings of firms on the platform as their borrowers declare them. */
  async function equityRecord(holding: DeclaredHolding): Promise<FakeEquityRecord | null> {
    const where = { companyUscc_shareholder: pick(holding) };
    const kept = await db.fakeEquityRecord.findUnique({ where });
    if (kept) return kept;
    const company = await db.enterprise.findUnique({ where: { uscc: holding.companyUscc } });
    if (!company) return null;
    await db.fakeEquityRecord.createMany({
      data: [
        {
          ...pick(holding),
          companyName: company.name,
          subscribedFen: BigInt(holding.subscribedFen),
          shareBp: holding.shareBp,
        },
      ],
      skipDuplicates: true,
    });
    return db.fakeEquityRecord.findUnique({ where });
  }

  async function file(
    registry: Registry,
    subject: string,
    delay: number | null,
    filing: RegistryFiling,
  ): Promise<{ reference: string }> {
    const decidesOn = addWorkingDays(
      new Date(`${filing.filedOn}T12:00:00+08:00`),
      delay ?? DECISION_WORKING_DAYS[registry],
    );
    await db.fakeRegistryFiling.createMany({
      data: [
        {
          reference: `${registry}-${randomUUID().slice(0, 8).toUpperCase()}`,
          idempotencyKey: filing.idempotencyKey,
          registry,
          kind: filing.kind,
          subject,
          pledgee: filing.pledgee,
          securedFen: BigInt(filing.securedFen),
          registrationNumber: filing.registrationNumber,
          filedOn: dayOf(filing.filedOn),
          decidesOn: dayOf(shanghaiDate(decidesOn)),
        },
      ],
      skipDuplicates: true,
    });
    const { reference } = await db.fakeRegistryFiling.findUniqueOrThrow({
      where: { idempotencyKey: filing.idempotencyKey },
    });
    return { reference };
  }

  /**
   * Decides a filing whose day has come, once: the record and the filing change in one
   * transaction, the filing only while it is undecided, so two callers decide it once.
   */
  async function outcome(reference: string, asOf: string): Promise<FilingOutcome> {
    return db.$transaction(async (tx) => {
      const filing = await tx.fakeRegistryFiling.findUniqueOrThrow({ where: { reference } });
      if (filing.outcome) return outcomeOf(filing);
      const decidesOn = isoDay(filing.decidesOn);
      if (asOf < decidesOn) return { state: 'pending', decidesOn };
      const record = await lockRecord(tx, filing.registry, filing.subject);
      const decided = decide(filing, record, reference);
      await tx.fakeRegistryFiling.update({ where: { reference }, data: decided.filing });
      await record.update(decided.record);
      return outcomeOf({ ...filing, ...decided.filing });
    });
  }

  return {
    ip: {
      async status(right, asOf) {
        const record = await ipRecord(right, asOf);
        return record && ipStatusOf(record);
      },
      async file(right, filing) {
        const record = await ipRecord(right, filing.filedOn);
        if (!record) throw new Error(`the registry has no ${right.type} ${right.number}`);
        return file(record.registry as Registry, record.number, record.decisionWorkingDays, filing);
      },
      outcome,
    },
    equity: {
      async status(holding) {
        const record = await equityRecord(holding);
        return record && equityStatusOf(record);
      },
      async file(holding, filing) {
        const record = await equityRecord(holding);
        if (!record) throw new Error(`the registry has no holding ${holdingKey(holding)}`);
        return file('SAMR', holdingKey(holding), record.decisionWorkingDays, filing);
      },
      outcome,
    },
    drive: {
      async ip(right, { feesPaidTo, ...change }) {
        await ipRecord(right, shanghaiDate(new Date()));
        await db.fakeIpRecord.update({
          where: { registry_number: { registry: registryOf(right.type), number: right.number } },
          data: {
            ...change,
            ...(feesPaidTo !== undefined && { feesPaidTo: feesPaidTo && dayOf(feesPaidTo) }),
          },
        });
      },
      async equity(holding, change) {
        await equityRecord(holding);
        await db.fakeEquityRecord.update({
          where: { companyUscc_shareholder: pick(holding) },
          data: change,
        });
      },
    },
  };
}

const pick = ({ companyUscc, shareholder }: { companyUscc: string; shareholder: string }) => ({
  companyUscc,
  shareholder,
});

const ipStatusOf = (r: FakeIpRecord): IpLegalStatus => ({
  holderUscc: r.holderUscc,
  title: r.title,
  inForce: r.inForce,
  feesPaidTo: r.feesPaidTo && isoDay(r.feesPaidTo),
  invalidationRequested: r.invalidationRequested,
  pledgedUnder: r.pledgedUnder,
});

const equityStatusOf = (r: FakeEquityRecord): EquityStatus => ({
  companyName: r.companyName,
  shareholder: r.shareholder,
  subscribedFen: Number(r.subscribedFen),
  shareBp: r.shareBp,
  frozen: r.frozen,
  articlesForbidPledge: r.articlesForbidPledge,
  pledgedUnder: r.pledgedUnder,
});

type Filing = Prisma.FakeRegistryFilingGetPayload<object>;
type Tx = Prisma.TransactionClient;

/** What a record says about a filing, and how to change it. */
interface LockedRecord {
  pledgedUnder: string | null;
  /** Why the registry refuses any pledge of it, if it does (frozen shares, a lapsed patent). */
  obstacle: string | null;
  rejectFilingWith: string | null;
  update(data: { pledgedUnder?: string | null; rejectFilingWith?: null }): Promise<void>;
}

async function lockRecord(tx: Tx, registry: string, subject: string): Promise<LockedRecord> {
  if (registry === 'SAMR') {
    const [companyUscc, shareholder] = subject.split('/') as [string, string];
    const where = { companyUscc_shareholder: { companyUscc, shareholder } };
    const r = await tx.fakeEquityRecord.findUniqueOrThrow({ where });
    const obstacle = r.frozen
      ? 'the shares are frozen'
      : r.articlesForbidPledge
        ? 'the articles forbid pledging the shares'
        : null;
    return {
      ...r,
      obstacle,
      update: async (data) => void (await tx.fakeEquityRecord.update({ where, data })),
    };
  }
  const where = { registry_number: { registry, number: subject } };
  const r = await tx.fakeIpRecord.findUniqueOrThrow({ where });
  return {
    ...r,
    obstacle: r.inForce ? null : 'the right is not in force',
    update: async (data) => void (await tx.fakeIpRecord.update({ where, data })),
  };
}

function decide(filing: Filing, record: LockedRecord, reference: string) {
  const on = filing.decidesOn;
  const rejected = (reason: string) => ({
    filing: { outcome: 'rejected', reason },
    record: { rejectFilingWith: null },
  });
  if (record.rejectFilingWith) return rejected(record.rejectFilingWith);
  if (filing.kind === 'release') {
    if (record.pledgedUnder !== filing.registrationNumber) {
      return rejected(`no pledge ${filing.registrationNumber} stands on the right`);
    }
    return { filing: { outcome: 'released' }, record: { pledgedUnder: null } };
  }
  if (record.obstacle) return rejected(record.obstacle);
  if (record.pledgedUnder) return rejected('the right is already pledged');
  const number = `${filing.registry}-PL-${isoDay(on).replaceAll('-', '')}-${reference.slice(-8)}`;
  return {
    filing: { outcome: 'registered', decidedNumber: number },
    record: { pledgedUnder: number },
  };
}

function outcomeOf(filing: Filing): FilingOutcome {
  const on = isoDay(filing.decidesOn);
  if (filing.outcome === 'registered') {
    return { state: 'registered', registrationNumber: filing.decidedNumber!, on };
  }
  if (filing.outcome === 'released') return { state: 'released', on };
  return { state: 'rejected', reason: filing.reason ?? 'rejected', on };
}
