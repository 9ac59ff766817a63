// What each kind of letter says, read from the application's record and never retyped: the decision
// and its terms, the tasks that asked for documents or information, the offer. Every fact,
// the letter's date included, comes from a stored row, so the same record always reads back
// as the same letter (and renders to the same bytes).
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { allocate } from '../../domain/allocation.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { findCreditTrackPolicy } from '../../domain/credit/track-policy.ts';
import {
  decisionLetterKind,
  type LetterKind,
  type LetterLanguage,
} from '../../domain/letter-kinds.ts';
import { maskName } from '../../domain/privacy.ts';
import type { Db } from '../../prisma/client.ts';
import type {
  LetterData,
  LetterDecider,
  LoanTerms,
  RepaymentSummary,
} from '../../templates/letter-data.ts';

/** Asked for a letter the record cannot make (no such outcome, round or notice yet). */
export class LetterUnavailableError extends Error {
  override name = 'LetterUnavailableError';
}

export interface LetterRequest {
  applicationId: string;
  kind: LetterKind;
  /** Which letter of the kind: the round of an information request, otherwise 1. */
  sequence: number;
  language: LetterLanguage;
}

// The JSON columns the letters read, checked rather than cast: an old or malformed row
// fails here with a clear message instead of printing "undefined".
const storedAssessment = z.object({
  max: z.number(),
  indicators: z.array(
    z.object({
      id: z.string(),
      value: z.string(),
      points: z.number(),
      max: z.number(),
      rule: z.string(),
    }),
  ),
  failedGates: z
    .array(
      z.object({
        gate: z.string(),
        value: z.string(),
        required: z.string(),
        gap: z.string().nullable(),
      }),
    )
    .default([]),
});
const pinnedPolicy = z.object({
  creditTrack: z.string(),
  authority: z.string().optional(),
  documents: z.string().optional(),
  pledge: z.string().optional(),
  scorecards: z.record(z.string(), z.string()),
});
const storedShares = z.record(z.string(), z.int().nonnegative());
const storedSettlement = z.object({ borneFen: storedShares });
const storedSchedule = z
  .array(z.object({ dueDate: z.iso.date(), interestFen: z.int().nonnegative() }))
  .min(1);
const informationDetail = z.object({
  round: z.int().positive(),
  questions: z.array(z.string()),
});
const documentsDetail = z.object({
  missing: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string() })),
});

type ApplicationRecord = Awaited<ReturnType<typeof applicationRecord>>;
type Decision = ApplicationRecord['decisions'][number];

function applicationRecord(db: Db, applicationId: string) {
  return db.application.findUniqueOrThrow({
    where: { id: applicationId },
    include: {
      enterprise: true,
      bank: true,
      assessments: true,
      decisions: { orderBy: { decidedAt: 'asc' } },
      offer: true,
      loan: { select: { repaymentMethod: true, schedule: true, contractNumber: true } },
      guarantee: { include: { claim: true } },
      warrant: true,
    },
  });
}

const unavailable = (record: ApplicationRecord, what: string) =>
  new LetterUnavailableError(`case ${record.id} has no record for ${what}`);

/**
 * The last calendar day (Shanghai) before a deadline: a deadline at 24:00 is the end of
 * its day, not the start of the next, so "by" that day is the day that ends.
 */
const lastDayBefore = (deadline: Date) => shanghaiDate(new Date(deadline.getTime() - 1));

const addCalendarDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Who decided, masked (PIPL); the committee, which decides as a body, by its name. A
 * letter names only decisions taken by its date, so a later decision never changes it.
 */
async function decidersUntil(
  db: Db,
  record: ApplicationRecord,
  date: Date,
): Promise<LetterDecider[]> {
  const decisions = record.decisions.filter((d) => d.decidedAt <= date);
  const ids = decisions.flatMap((d) => (d.actorId ? [d.actorId] : []));
  const people = await db.user.findMany({ where: { id: { in: ids } } });
  const nameOf = (id: string) => people.find((p) => p.id === id)?.displayName ?? '—';
  return decisions.map((d) =>
    d.actorId === null
      ? { role: 'COMMITTEE' }
      : { role: d.actorRole, name: maskName(nameOf(d.actorId)) },
  );
}

/** What every letter of the application carries, dated `issuedAt`. */
async function letterBase(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
  issuedAt: Date,
) {
  const policy = pinnedPolicy.parse(record.policyVersions);
  return {
    language,
    reference: record.reference,
    issuedAt: issuedAt.toISOString(),
    institution: { name: record.bank.name },
    enterprise: { name: record.enterprise.name, uscc: record.enterprise.uscc },
    product: record.product,
    policyVersions: [
      policy.creditTrack,
      ...(policy.authority ? [policy.authority] : []),
      ...(policy.documents ? [policy.documents] : []),
      ...(policy.pledge ? [policy.pledge] : []),
      ...Object.entries(policy.scorecards).map(([model, version]) => `${model}@${version}`),
    ],
    decidedBy: await decidersUntil(db, record, issuedAt),
  };
}

function assessmentOf(record: ApplicationRecord) {
  const assessment =
    record.assessments.find((a) => a.model === 'tech-sme') ?? record.assessments[0];
  if (!assessment) throw new Error(`case ${record.id} has no assessment`);
  const result = storedAssessment.parse(assessment.result);
  return {
    model: assessment.model,
    version: assessment.version,
    points: assessment.points ?? 0,
    max: result.max,
    eligible: assessment.eligible,
    indicators: result.indicators,
    failedGates: result.failedGates,
  };
}

/** The schedule's summary, once the loan is disbursed and its schedule fixed. */
function repaymentOf(record: ApplicationRecord): RepaymentSummary | undefined {
  if (!record.loan?.schedule) return undefined;
  const rows = storedSchedule.parse(record.loan.schedule);
  return {
    instalments: rows.length,
    firstDueOn: rows[0]!.dueDate,
    lastDueOn: rows.at(-1)!.dueDate,
    totalInterestFen: rows.reduce((sum, row) => sum + row.interestFen, 0),
  };
}

function decisionTerms(record: ApplicationRecord, approval: Decision): LoanTerms {
  const { amountFen, annualRate, termMonths, repaymentMethod } = approval;
  if (amountFen === null || annualRate === null || !termMonths || !repaymentMethod) {
    throw new Error(`the approval of application ${record.id} lacks its terms`);
  }
  const repayment = repaymentOf(record);
  return {
    amountFen: Number(amountFen),
    annualRate: annualRate.toString(),
    termMonths,
    repaymentMethod,
    ...(repayment && { repayment }),
  };
}

/**
 * The offer's last day, by which it is accepted and any conditions precedent met: the open
 * offer's own once there is one, before it the day it will lapse under the pinned policy.
 */
function offerLastDay(record: ApplicationRecord, approval: Decision): string {
  if (record.offer) return lastDayBefore(record.offer.validUntil);
  const { offerValidDays } = findCreditTrackPolicy(
    pinnedPolicy.parse(record.policyVersions).creditTrack,
  );
  return addCalendarDays(shanghaiDate(approval.decidedAt), offerValidDays);
}

/** The approval, conditional approval or rejection, as the application's APPROVAL decision says. */
async function decisionLetter(db: Db, record: ApplicationRecord, language: LetterLanguage) {
  const approval = record.decisions.find((d) => d.stage === 'APPROVAL');
  if (!approval) throw unavailable(record, 'a decision');
  const base = await letterBase(db, record, language, approval.decidedAt);
  const assessment = assessmentOf(record);
  const kind = decisionLetterKind(approval);
  if (kind === 'rejection') return { ...base, kind, reasons: approval.reasons, assessment };
  const terms = decisionTerms(record, approval);
  const acceptBy = offerLastDay(record, approval);
  if (kind === 'approval') return { ...base, kind, terms, acceptBy, assessment };
  return {
    ...base,
    kind,
    terms,
    conditions: approval.conditions,
    conditionsDueOn: acceptBy,
    assessment,
  };
}

/** Round `round` of the requests for information, dated when its task was opened. */
async function informationRequest(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
  round: number,
): Promise<LetterData> {
  const key = creditApplication.taskKey(record.id, 'INFORMATION', round);
  const task = await db.task.findUnique({ where: { key } });
  if (!task) throw unavailable(record, `request for information ${round}`);
  const detail = informationDetail.parse(task.detail);
  if (detail.round !== round) {
    throw new Error(`task ${task.key} holds round ${detail.round}, not ${round}`);
  }
  return {
    ...(await letterBase(db, record, language, task.createdAt)),
    kind: 'information_request',
    round,
    items: detail.questions,
    dueOn: lastDayBefore(task.dueAt),
  };
}

/** The offer not accepted in time, dated the moment it lapsed. */
async function offerExpiry(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
): Promise<LetterData> {
  const { offer } = record;
  if (offer?.status !== 'EXPIRED') throw unavailable(record, 'an expired offer');
  return {
    ...(await letterBase(db, record, language, offer.validUntil)),
    kind: 'offer_expiry',
    terms: {
      amountFen: Number(offer.amountFen),
      annualRate: offer.annualRate.toString(),
      termMonths: offer.termMonths,
      repaymentMethod: offer.repaymentMethod,
    },
    offeredOn: shanghaiDate(offer.issuedAt),
    expiredOn: lastDayBefore(offer.validUntil),
  };
}

/**
 * The file closed incomplete, dated when its documents task was closed (or, had that not
 * been recorded, its deadline), naming what was still missing.
 */
async function fileExpiry(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
): Promise<LetterData> {
  const task = await db.task.findUnique({ where: { key: `${record.id}:DOCUMENTS` } });
  if (record.status !== 'EXPIRED' || !task) throw unavailable(record, 'an expired file');
  const { missing } = documentsDetail.parse(task.detail);
  return {
    ...(await letterBase(db, record, language, task.completedAt ?? task.dueAt)),
    kind: 'file_expiry',
    missingDocuments: missing.map((document) => document[language]),
    dueOn: lastDayBefore(task.dueAt),
  };
}

/** Pledge number `ordinal` of the case, once registered, and the right it covers. */
async function registeredPledge(db: Db, record: ApplicationRecord, ordinal: number) {
  const pledge = await db.pledge.findUnique({
    where: { applicationId_ordinal: { applicationId: record.id, ordinal } },
    include: { application: { include: { loan: true } } },
  });
  const { registrationNumber, registeredOn } = pledge ?? {};
  const loan = pledge?.application.loan;
  if (!pledge || !registrationNumber || !registeredOn || !loan) {
    throw unavailable(record, `registered pledge ${ordinal}`);
  }
  const title =
    pledge.kind === 'EQUITY'
      ? `${pledge.title}: ${pledge.shareholder}, ${(pledge.shareBp ?? 0) / 100}%`
      : pledge.title;
  return {
    pledge,
    loan,
    facts: {
      registry: pledge.registry,
      registrationNumber,
      registeredOn: isoDate(registeredOn),
      rights: [{ type: pledge.kind, number: pledge.number, title }],
    },
  };
}

const isoDate = (day: Date) => day.toISOString().slice(0, 10);
/** A letter about a registry's act is dated the Shanghai day the act took effect. */
const dayStart = (isoDay: string) => new Date(`${isoDay}T00:00:00+08:00`);

/** The notice that pledge number `ordinal` is registered: it exists from that day. */
async function pledgeRegistration(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
  ordinal: number,
): Promise<LetterData> {
  const { loan, facts } = await registeredPledge(db, record, ordinal);
  return {
    ...(await letterBase(db, record, language, dayStart(facts.registeredOn))),
    kind: 'pledge_registration',
    pledge: { ...facts, securedAmountFen: Number(loan.amountFen) },
  };
}

/** The notice that pledge number `ordinal` is released, dated the day it was. */
async function pledgeRelease(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
  ordinal: number,
): Promise<LetterData> {
  const { pledge, facts } = await registeredPledge(db, record, ordinal);
  if (!pledge.releasedOn) throw unavailable(record, `released pledge ${ordinal}`);
  const releasedOn = isoDate(pledge.releasedOn);
  return {
    ...(await letterBase(db, record, language, dayStart(releasedOn))),
    kind: 'pledge_release',
    pledge: { ...facts, releasedOn },
  };
}

/**
 * The guarantor's confirmation, dated the day the guarantee came into force with the loan
 * contract: the guarantor's letter, signed by whoever decided the guarantee (none for a deal
 * taken under a batch agreement, which followed the bank's approval).
 */
async function guaranteeConfirmation(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
): Promise<LetterData> {
  const { guarantee, loan } = record;
  if (!guarantee?.inForceOn || !loan || guarantee.amountFen === null) {
    throw unavailable(record, 'a guarantee in force');
  }
  const guarantor = await db.institution.findUniqueOrThrow({
    where: { id: guarantee.guarantorId },
  });
  const decider = guarantee.decidedById
    ? await db.user.findUnique({ where: { id: guarantee.decidedById } })
    : null;
  const shares = storedShares.parse(guarantee.sharesBp);
  const base = await letterBase(db, record, language, dayStart(isoDate(guarantee.inForceOn)));
  return {
    ...base,
    kind: 'guarantee_confirmation',
    institution: { name: guarantor.name },
    policyVersions: [...base.policyVersions, guarantee.schemeVersion, guarantee.poolPolicy],
    decidedBy: decider ? [{ role: 'GUARANTEE_APPROVER', name: maskName(decider.displayName) }] : [],
    guarantee: {
      lender: record.bank.name,
      contractNumber: guaranteeContractNumber(loan.contractNumber),
      loanAmountFen: Number(guarantee.amountFen),
      guaranteedFen: Number(guarantee.amountFen),
      termMonths: guarantee.termMonths!,
      feeRate: new Decimal(guarantee.guaranteeFeeBp ?? 0).div(10_000).toFixed(),
      shares: Object.entries(shares)
        .filter(([, shareBp]) => shareBp > 0)
        .map(([party, shareBp]) => ({ party, shareBp })),
    },
  };
}

/**
 * The notice that a claim was settled, dated when it was: the loss and what each party bore
 * of it once every payment was made, with each one's share of the loss.
 */
async function compensationNotice(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
): Promise<LetterData> {
  const claim = record.guarantee?.claim;
  if (!claim?.settledAt) throw unavailable(record, 'a settled claim');
  const guarantor = await db.institution.findUniqueOrThrow({
    where: { id: record.guarantee!.guarantorId },
  });
  const { borneFen } = storedSettlement.parse(claim.settlement);
  const parties = Object.keys(borneFen);
  const amounts = parties.map((p) => borneFen[p]!);
  const shareBp = allocate(10_000, amounts);
  const base = await letterBase(db, record, language, claim.settledAt);
  return {
    ...base,
    kind: 'compensation_notice',
    institution: { name: guarantor.name },
    decidedBy: [],
    compensation: {
      lender: record.bank.name,
      defaultedOn: addCalendarDays(shanghaiDate(claim.filedAt), -claim.daysPastDue),
      lossFen: Number(claim.lossFen),
      shares: parties
        .map((party, i) => ({ party, shareBp: shareBp[i]!, amountFen: amounts[i]! }))
        .filter((share) => share.amountFen > 0),
    },
  };
}

type Warrant = NonNullable<ApplicationRecord['warrant']>;

/** The grant both warrant letters restate, naming the affiliate that holds the warrant. */
async function warrantGrant(db: Db, warrant: Warrant) {
  const affiliate = await db.institution.findUniqueOrThrow({
    where: { id: warrant.affiliateId },
    select: { name: true },
  });
  return {
    affiliate: affiliate.name,
    grantedOn: isoDate(warrant.grantedOn),
    subscriptionFen: Number(warrant.subscriptionFen),
    equityBp: warrant.equityBp,
  };
}

/**
 * A warrant letter dated `day`: the bank's, citing the warrant policy, and signed by no one
 * in person, since the affiliate's choice or the end of the warrant's life settled it.
 */
async function warrantBase(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
  warrant: Warrant,
  day: Date,
) {
  const base = await letterBase(db, record, language, dayStart(isoDate(day)));
  return {
    ...base,
    policyVersions: [...base.policyVersions, warrant.policyVersion],
    decidedBy: [],
    warrant: await warrantGrant(db, warrant),
  };
}

/** The notice that the affiliate exercised the warrant, dated the day it did. */
async function warrantExercise(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
): Promise<LetterData> {
  const { warrant, loan } = record;
  if (warrant?.status !== 'EXERCISED') throw unavailable(record, 'an exercised warrant');
  const { exercisedOn, unitsIssued } = warrant;
  const { capitalUnit } = record.enterprise;
  if (!exercisedOn || unitsIssued === null || !capitalUnit) {
    throw new Error(
      `the exercised warrant of application ${record.id} lacks its exercise or units`,
    );
  }
  const base = await warrantBase(db, record, language, warrant, exercisedOn);
  return {
    ...base,
    kind: 'warrant_exercise',
    warrant: {
      ...base.warrant,
      loanContract: loan?.contractNumber ?? null,
      exercisedOn: isoDate(exercisedOn),
      capitalUnit,
      unitsIssued: Number(unitsIssued),
    },
  };
}

/** The notice that the warrant lapsed unexercised, dated its last day. */
async function warrantExpiry(
  db: Db,
  record: ApplicationRecord,
  language: LetterLanguage,
): Promise<LetterData> {
  const { warrant } = record;
  if (warrant?.status !== 'EXPIRED') throw unavailable(record, 'an expired warrant');
  const base = await warrantBase(db, record, language, warrant, warrant.expiresOn);
  return {
    ...base,
    kind: 'warrant_expiry',
    warrant: { ...base.warrant, expiresOn: isoDate(warrant.expiresOn) },
  };
}

/** The guarantee contract is numbered after the loan contract it secures. */
const guaranteeContractNumber = (loanContract: string) => `${loanContract}-G`;

/** An application's letter of one kind, sequence and language, from the record. */
export async function letterDataFor(db: Db, request: LetterRequest): Promise<LetterData> {
  const { applicationId, kind, sequence, language } = request;
  const record = await applicationRecord(db, applicationId);
  if (kind === 'information_request') return informationRequest(db, record, language, sequence);
  if (kind === 'pledge_registration') return pledgeRegistration(db, record, language, sequence);
  if (kind === 'pledge_release') return pledgeRelease(db, record, language, sequence);
  if (sequence === 1) {
    if (kind === 'guarantee_confirmation') return guaranteeConfirmation(db, record, language);
    if (kind === 'compensation_notice') return compensationNotice(db, record, language);
    if (kind === 'offer_expiry') return offerExpiry(db, record, language);
    if (kind === 'file_expiry') return fileExpiry(db, record, language);
    if (kind === 'warrant_exercise') return warrantExercise(db, record, language);
    if (kind === 'warrant_expiry') return warrantExpiry(db, record, language);
    if (kind === 'approval' || kind === 'conditional_approval' || kind === 'rejection') {
      const data = await decisionLetter(db, record, language);
      if (data.kind === kind) return data;
    }
  }
  throw unavailable(record, `${kind} letter ${sequence}`);
}
