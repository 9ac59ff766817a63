// Filing a pledge or its release with the registry and following the filing to its outcome.
// Each filing has its key (pledge, kind, attempt), so a retried activity files once; every
// status change goes through the pledge's lifecycle and is conditional.
import type {
  FilingOutcome,
  Registries,
  RegistryFiling,
} from '../../domain/contracts/registries.ts';
import type { FilingKind } from '../../domain/pledge/lifecycle.ts';
import type { Db, Pledge } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';
import { recordPledgeEvent } from '../../prisma/lifecycles.ts';
import { holdingOf, ipRightOf } from './subjects.ts';

export interface FilingRef {
  pledgeId: string;
  filing: FilingKind;
  attempt: number;
}

const filingKey = ({ pledgeId, filing, attempt }: FilingRef) => `${pledgeId}:${filing}:${attempt}`;

const overdueTask = (ref: FilingRef, deadline: number) => ({
  kind: 'FILING_OVERDUE' as const,
  qualifier: `${ref.filing}:${ref.attempt}:${deadline}`,
});

export function createRegistrationActivities({
  db,
  registries,
}: {
  db: Db;
  registries: Registries;
}) {
  /** The registry of the pledge's right, bound to that right. */
  const registryOf = (pledge: Pledge) =>
    pledge.kind === 'EQUITY'
      ? {
          file: (f: RegistryFiling) => registries.equity.file(holdingOf(pledge), f),
          outcome: registries.equity.outcome,
        }
      : {
          file: (f: RegistryFiling) => registries.ip.file(ipRightOf(pledge), f),
          outcome: registries.ip.outcome,
        };

  return {
    /** Files with the registry (once per key) and records the filing on the pledge. */
    async fileWithRegistry(input: FilingRef & { at: string; filedOn: string }) {
      const pledge = await db.pledge.findUniqueOrThrow({
        where: { id: input.pledgeId },
        include: { application: { include: { bank: true, loan: true } } },
      });
      const { bank, loan } = pledge.application;
      if (!loan) throw new Error(`case ${pledge.applicationId} has no contract to secure`);
      const { reference } = await registryOf(pledge).file({
        idempotencyKey: filingKey(input),
        kind: input.filing,
        pledgee: bank.name,
        securedFen: Number(loan.amountFen),
        filedOn: input.filedOn,
        ...(input.filing === 'release' && { registrationNumber: pledge.registrationNumber! }),
      });
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        await tx.pledge.update({
          where: { id: pledge.id },
          data: {
            filingReference: reference,
            filedAt: at,
            ...(input.filing === 'registration' && { filings: input.attempt }),
          },
        });
        await recordPledgeEvent(tx, {
          subjectId: pledge.id,
          event: input.filing === 'registration' ? 'registration_filed' : 'release_filed',
          at,
          occurrence: input.attempt,
          data: { registry: pledge.registry, reference, attempt: input.attempt },
        });
      });
      return { reference };
    },

    /**
     * Asks the registry how the filing stands on `asOf`; a decision is recorded on the pledge,
     * closing the overdue tasks (`overdue`: how many the filing opened).
     */
    async filingOutcome(
      input: FilingRef & { reference: string; asOf: string; at: string; overdue: number },
    ): Promise<FilingOutcome> {
      const pledge = await db.pledge.findUniqueOrThrow({ where: { id: input.pledgeId } });
      const outcome = await registryOf(pledge).outcome(input.reference, input.asOf);
      if (outcome.state === 'pending') return outcome;
      const close = Array.from({ length: input.overdue }, (_, i) => ({
        ...overdueTask(input, i + 1),
        outcome: 'DONE' as const,
      }));
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        const data = { reference: input.reference, ...outcome };
        const subjectId = input.pledgeId;
        if (outcome.state === 'registered') {
          await tx.pledge.update({
            where: { id: subjectId },
            data: {
              registrationNumber: outcome.registrationNumber,
              registeredOn: dayOf(outcome.on),
              rejectionReason: null,
            },
          });
          await recordPledgeEvent(tx, { subjectId, event: 'registered', at, data, close });
        } else if (outcome.state === 'released') {
          await tx.pledge.update({
            where: { id: subjectId },
            data: { releasedOn: dayOf(outcome.on) },
          });
          await recordPledgeEvent(tx, { subjectId, event: 'released', at, data, close });
        } else if (input.filing === 'registration') {
          await tx.pledge.update({
            where: { id: subjectId },
            data: { rejectionReason: outcome.reason },
          });
          await recordPledgeEvent(tx, {
            subjectId,
            event: 'registration_rejected',
            at,
            occurrence: input.attempt,
            data,
            close,
          });
        }
      });
      return outcome;
    },

    /** The registry is past its time: the bank's officer is told, to chase it. */
    async flagOverdueFiling(input: FilingRef & { deadline: number; dueAt: string; at: string }) {
      const task = overdueTask(input, input.deadline);
      await db.$transaction((tx) =>
        recordPledgeEvent(tx, {
          subjectId: input.pledgeId,
          event: 'filing_overdue',
          at: new Date(input.at),
          occurrence: task.qualifier,
          data: { filing: input.filing, attempt: input.attempt, dueAt: input.dueAt },
          open: [{ ...task, dueAt: new Date(input.at), detail: { dueAt: input.dueAt } }],
        }),
      );
    },
  };
}
