// The case's side of its collateral: appraisals, the legal-status check before the money,
// the officer's answer to a problem (a replacement right among them), the registration
// letters, and the pledges' end when the case ends without a loan (never registered:
// withdrawn; registered: left to release).
import type { CollateralIssue, CollateralResolutionInput } from '../../domain/contracts/pledge.ts';
import type { Registries } from '../../domain/contracts/registries.ts';
import type { Actor } from '../../domain/contracts/shared.ts';
import type { Appraisal } from '../../domain/pledge/loan-to-value.ts';
import type { Db } from '../../prisma/client.ts';
import { dayOf } from '../../prisma/enterprise-store.ts';
import { recordCreditEvent, recordLoanEvent, recordPledgeEvent } from '../../prisma/lifecycles.ts';
import { issueLetter, type LetterDeps } from '../letters/issue.ts';
import { problemsOf } from './subjects.ts';
import { collateralLabel } from '../../domain/pledge/collateral.ts';

export function createCollateralActivities({
  db,
  registries,
  publicBaseUrl,
}: LetterDeps & { registries: Registries }) {
  return {
    async recordAppraisal(input: {
      pledgeId: string;
      appraisal: Appraisal;
      actor: Actor;
      at: string;
    }) {
      const { appraisal } = input;
      await db.$transaction(async (tx) => {
        await tx.pledge.update({
          where: { id: input.pledgeId },
          data: {
            appraiser: appraisal.appraiser,
            appraisedOn: dayOf(appraisal.appraisedOn),
            appraisedValueFen: BigInt(appraisal.valueFen),
            appraisalMethod: appraisal.method,
            appraisalDocumentId: appraisal.documentId,
          },
        });
        await recordPledgeEvent(tx, {
          subjectId: input.pledgeId,
          event: 'appraised',
          at: new Date(input.at),
          actor: input.actor,
          occurrence: input.at,
          data: { pledgeId: input.pledgeId, ...appraisal },
        });
      });
    },

    /** Every pledged right's status at its registry on `asOf`: what stands against each. */
    async checkPledges(input: {
      applicationId: string;
      asOf: string;
      at: string;
    }): Promise<CollateralIssue[]> {
      const application = await db.application.findUniqueOrThrow({
        where: { id: input.applicationId },
        include: { enterprise: true, pledges: { orderBy: { ordinal: 'asc' } } },
      });
      const issues: CollateralIssue[] = [];
      for (const pledge of application.pledges) {
        const problems = await problemsOf(registries, pledge, {
          holderUscc: application.enterprise.uscc,
          asOf: input.asOf,
        });
        await db.$transaction((tx) =>
          recordPledgeEvent(tx, {
            subjectId: pledge.id,
            event: 'status_checked',
            at: new Date(input.at),
            occurrence: input.at,
            data: { asOf: input.asOf, problems },
          }),
        );
        if (problems.length > 0)
          issues.push({ pledgeId: pledge.id, label: collateralLabel(pledge), problems });
      }
      return issues;
    },

    /** The officer's answer; a replacement's pledge is named, appraised and takes over. */
    async recordCollateralResolution(input: {
      applicationId: string;
      round: number;
      resolution: CollateralResolutionInput;
      at: string;
    }) {
      const { resolution } = input;
      const { actor, action, note } = resolution;
      const at = new Date(input.at);
      await db.$transaction(async (tx) => {
        if (resolution.action === 'replace') {
          await replacePledge(tx, input.applicationId, resolution, at);
        }
        await recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'collateral_resolved',
          at,
          actor,
          occurrence: input.round,
          data: {
            round: input.round,
            action,
            ...(note && { note }),
            ...(resolution.action === 'replace' && {
              replaces: resolution.replaces,
              by: resolution.replacement.pledgeId,
            }),
          },
          close: [
            { kind: 'COLLATERAL', qualifier: input.round, outcome: 'DONE', byId: actor.userId },
          ],
        });
      });
    },

    /** Every pledge exists: the case records it, and each gets its registration letter. */
    async completeRegistration(input: { applicationId: string; at: string }) {
      const pledges = await db.pledge.findMany({
        where: { applicationId: input.applicationId, status: 'REGISTERED' },
        orderBy: { ordinal: 'asc' },
      });
      await db.$transaction((tx) =>
        recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'pledges_registered',
          at: new Date(input.at),
          data: {
            pledges: pledges.map((p) => ({
              pledgeId: p.id,
              registry: p.registry,
              registrationNumber: p.registrationNumber,
            })),
          },
        }),
      );
      for (const { ordinal } of pledges) {
        await issueLetter(
          { db, publicBaseUrl },
          { applicationId: input.applicationId, kind: 'pledge_registration', sequence: ordinal },
        );
      }
    },

    /**
     * The contract ends before any money moved: case and loan cancelled, pledges never
     * registered withdrawn. Returns the registered ones, which the workflow then releases.
     */
    async cancelPledgedContract(input: {
      applicationId: string;
      actor: Actor;
      note?: string;
      at: string;
    }): Promise<string[]> {
      const at = new Date(input.at);
      return db.$transaction(async (tx) => {
        const loan = await tx.loan.findUniqueOrThrow({
          where: { applicationId: input.applicationId },
        });
        const data = { loanId: loan.id, ...(input.note && { note: input.note }) };
        await recordLoanEvent(tx, {
          subjectId: loan.id,
          event: 'cancelled',
          at,
          actor: input.actor,
          data,
        });
        await recordCreditEvent(tx, {
          subjectId: input.applicationId,
          event: 'contract_cancelled',
          at,
          actor: input.actor,
          data,
        });
        return withdrawUnregistered(tx, input.applicationId, at);
      });
    },

    /** The case ended before a contract: no pledge was registered, each is withdrawn. */
    async withdrawPledges(input: { applicationId: string; at: string }) {
      await db.$transaction((tx) =>
        withdrawUnregistered(tx, input.applicationId, new Date(input.at)),
      );
    },
  };
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Names the replacement as the case's next pledge, with its appraisal; withdraws the refused. */
async function replacePledge(
  tx: Tx,
  applicationId: string,
  {
    replaces,
    replacement,
    appraisal,
    actor,
  }: Extract<CollateralResolutionInput, { action: 'replace' }>,
  at: Date,
) {
  if (!(await tx.pledge.findUnique({ where: { id: replacement.pledgeId } }))) {
    const last = await tx.pledge.aggregate({ where: { applicationId }, _max: { ordinal: true } });
    await tx.pledge.create({
      data: {
        id: replacement.pledgeId,
        applicationId,
        ordinal: (last._max.ordinal ?? 0) + 1,
        kind: replacement.kind,
        registry: replacement.registry,
        number: replacement.number,
        title: replacement.title,
        shareholder: replacement.shareholder,
        subscribedFen:
          replacement.subscribedFen === undefined ? undefined : BigInt(replacement.subscribedFen),
        shareBp: replacement.shareBp,
        appraiser: appraisal.appraiser,
        appraisedOn: dayOf(appraisal.appraisedOn),
        appraisedValueFen: BigInt(appraisal.valueFen),
        appraisalMethod: appraisal.method,
        appraisalDocumentId: appraisal.documentId,
      },
    });
  }
  const data = { applicationId, replaces };
  await recordPledgeEvent(tx, { subjectId: replacement.pledgeId, event: 'named', at, actor, data });
  await recordPledgeEvent(tx, {
    subjectId: replacement.pledgeId,
    event: 'appraised',
    at,
    actor,
    occurrence: at.toISOString(),
    data: { pledgeId: replacement.pledgeId, ...appraisal },
  });
  await recordPledgeEvent(tx, { subjectId: replaces, event: 'withdrawn', at, actor, data });
}

/** Withdraws the case's pledges that were never registered; returns the registered ones. */
async function withdrawUnregistered(tx: Tx, applicationId: string, at: Date): Promise<string[]> {
  const pledges = await tx.pledge.findMany({ where: { applicationId } });
  for (const pledge of pledges) {
    if (pledge.status === 'PROPOSED' || pledge.status === 'REJECTED') {
      await recordPledgeEvent(tx, { subjectId: pledge.id, event: 'withdrawn', at });
    }
  }
  return pledges.filter((p) => p.status === 'REGISTERED').map((p) => p.id);
}
