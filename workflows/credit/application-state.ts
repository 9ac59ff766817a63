// What a running credit application knows, and how it waits for people: every wait races
// the SLA clock (reminder, then breach), stops while the clock is paused, and ends at once
// when the applicant withdraws, saying so in its result.
import {
  nextLevel,
  tallyCommittee,
  type ApprovalLevel,
  type AuthorityMatrix,
} from '../../domain/credit/authority-matrix.ts';
import { addWorkingDays, shanghaiDate } from '../../domain/calendar.ts';
import { creditApplication, type ApplicationStep } from '../../domain/credit/lifecycle.ts';
import type { CreditTrackPolicy } from '../../domain/credit/track-policy.ts';
import {
  deadline,
  dueTime,
  pauseClock,
  reminderTime,
  resumeClock,
  runningClock,
  type Deadline,
  type SlaClock,
} from '../../domain/sla-clock.ts';
import type {
  ApplicationEnd,
  ApplicationSnapshot,
  ConditionsMetInput,
  CreditApplicationInput,
  CreditTaskRef,
  LoanTermsInput,
  OfferResponseInput,
  ReviewInput,
  VoteInput,
  WithdrawInput,
} from '../../domain/contracts/credit.ts';
import type { Actor } from '../../domain/contracts/shared.ts';
import type {
  CollateralIssue,
  CollateralRef,
  CollateralResolutionInput,
} from '../../domain/contracts/pledge.ts';
import type { PledgePolicy } from '../../domain/pledge/pledge-policy.ts';
import { pledgeTermsProblem, type Appraisal } from '../../domain/pledge/loan-to-value.ts';
import { productOf } from '../../domain/pledge/collateral.ts';
import { waitFor, type Act } from '../lifecycle/acts.ts';
import { activities } from './activities.ts';

export interface PersonTask {
  readonly ref: CreditTaskRef;
  readonly deadline: Deadline;
  reminded: boolean;
  breached: boolean;
}

export type Verdict = { by?: Actor } & (
  { outcome: 'approve'; terms: LoanTermsInput } | { outcome: 'reject'; reasons: string[] }
);

/** How a wait on a person's task ended. */
type Waited = 'done' | 'deadline' | 'withdrawn';

const TIE_REASON = 'the credit committee tied; a loan needs a majority of the votes cast';
const MAJORITY_REASON = 'rejected by a majority of the credit committee';

export class ApplicationState {
  step: ApplicationStep = 'documents';
  end?: ApplicationEnd;
  clock: SlaClock = runningClock;
  /** Changes at every pause and resume, so waits re-read their due times. */
  clockVersion = 0;
  documentsChanged = false;
  withdrawal?: WithdrawInput;
  requestedAmountFen = 0;
  level?: ApprovalLevel;
  review?: Act<ReviewInput>;
  verdict?: Act<Verdict>;
  /** The task the application waits on, whose due time a pause moves. */
  waitingOn?: PersonTask;
  approvalTask?: PersonTask;
  /** True while the application moves to a higher authority; decisions wait it out. */
  taskSwitching = false;
  committee: string[] = [];
  votes: Act<VoteInput>[] = [];
  /** Set once the committee's due time passed: it then decides as soon as its quorum voted. */
  committeeClosed = false;
  informationRound?: number;
  rounds = 0;
  offerResponse?: Act<OfferResponseInput>;
  conditionsMet?: Act<ConditionsMetInput>;
  loanId?: string;
  /** A pledge loan's rights, as named at filing (or replaced since); empty for a credit loan. */
  collateral: CollateralRef[];
  /** The appraisal each pledged right carries, by pledge id; a newer report replaces it. */
  appraisals = new Map<string, Appraisal>();
  /** Appraisals are recorded in the order given, so the record ends as the state does. */
  appraisalWrites: Promise<unknown> = Promise.resolve();
  /** What the officer is asked when the collateral stops the case, and what they may answer. */
  collateralQuestion?: {
    round: number;
    issues: CollateralIssue[];
    actions: CollateralResolutionInput['action'][];
  };
  collateralAnswer?: Act<CollateralResolutionInput>;
  private completedAt?: Date;
  private decisionBase?: Deadline;

  constructor(
    readonly input: CreditApplicationInput,
    readonly policy: CreditTrackPolicy,
    readonly matrix: AuthorityMatrix,
    /** The pinned pledge policy, for a pledge loan. */
    readonly pledgePolicy?: PledgePolicy,
  ) {
    this.collateral = [...(input.collateral ?? [])];
  }

  get pledged(): boolean {
    return this.collateral.length > 0;
  }

  /**
   * Why `terms` cannot be approved on the collateral today (term, appraisals, LTV), or
   * undefined; always undefined for a credit loan.
   */
  pledgeProblem(terms: { amountFen: number; termMonths: number }): string | undefined {
    if (!this.pledgePolicy || !this.pledged) return undefined;
    const product = productOf(this.collateral[0]!.kind);
    const items = this.collateral.map((c) => ({
      ...c,
      appraisal: this.appraisals.get(c.pledgeId),
    }));
    return pledgeTermsProblem(this.pledgePolicy, product, items, terms, shanghaiDate(new Date()));
  }

  snapshot(): ApplicationSnapshot {
    return {
      step: this.step,
      end: this.end,
      reviewerId: this.reviewerId,
      outcome: this.verdict?.input.outcome,
      level: this.level,
      informationRound: this.informationRound,
      clockPaused: !this.completedAt || this.clock.pausedAt !== undefined,
      decisionDueAt: this.decisionBase && dueTime(this.clock, this.decisionBase).toISOString(),
      loanId: this.loanId,
    };
  }

  get reviewerId(): string | undefined {
    return this.review?.input.actor.userId;
  }

  get approverId(): string | undefined {
    return this.verdict?.input.by?.userId;
  }

  withdrawn = () => this.withdrawal !== undefined;

  startClock(at: Date) {
    this.completedAt = at;
    this.clock = runningClock;
  }

  fileCompletedAt(): Date {
    if (!this.completedAt) throw new Error('the file is not complete yet');
    return this.completedAt;
  }

  decisionDeadline(): Deadline {
    this.decisionBase ??= deadline(
      this.clock,
      addWorkingDays(this.fileCompletedAt(), this.policy.decisionWorkingDays),
    );
    return this.decisionBase;
  }

  personTask(ref: CreditTaskRef, due: Deadline): PersonTask {
    return { ref, deadline: due, reminded: false, breached: false };
  }

  taskKey(ref: CreditTaskRef): string {
    return creditApplication.taskKey(this.input.applicationId, ref.kind, ref.qualifier);
  }

  nextLevel(): ApprovalLevel | undefined {
    return this.level && nextLevel(this.level);
  }

  pause(at: Date) {
    this.clock = pauseClock(this.clock, at);
    this.clockVersion += 1;
  }

  /** Restarts the clock and moves the application's due times on by the pause. */
  async resume(at: Date) {
    this.clock = resumeClock(this.clock, at);
    this.clockVersion += 1;
    const task = this.waitingOn;
    await activities.moveDueTimes({
      applicationId: this.input.applicationId,
      decisionDueAt: this.decisionBase && dueTime(this.clock, this.decisionBase).toISOString(),
      tasks: task
        ? [{ task: task.ref, dueAt: dueTime(this.clock, task.deadline).toISOString() }]
        : [],
    });
  }

  conflicted(): string[] {
    return [this.input.filedById, ...(this.reviewerId ? [this.reviewerId] : [])];
  }

  /** The committee's decisive outcome, or undefined while it cannot decide yet. */
  committeeOutcome(): 'approved' | 'rejected' | 'tie' | undefined {
    if (this.level !== 'CREDIT_COMMITTEE' || this.committee.length === 0) return undefined;
    const { outcome } = tallyCommittee({
      ...this.matrix.committee,
      members: this.committee,
      conflicted: this.conflicted(),
      votes: this.votes.map(({ input }) => ({
        memberId: input.actor.userId,
        choice: input.choice,
      })),
      closed: this.committeeClosed,
    });
    return outcome === 'approved' || outcome === 'rejected' || outcome === 'tie'
      ? outcome
      : undefined;
  }

  /** Waits for the approver's decision to be recorded, or records the committee's. */
  async settleDecision(): Promise<void> {
    const outcome = this.committeeOutcome();
    if (!this.verdict && outcome) {
      await Promise.all(this.votes.map((vote) => vote.recorded));
      const verdict: Verdict =
        outcome === 'approved'
          ? { outcome: 'approve', terms: this.review!.input.proposal! }
          : { outcome: 'reject', reasons: outcome === 'tie' ? [TIE_REASON] : this.rejectReasons() };
      this.verdict = {
        input: verdict,
        recorded: activities.recordDecision({
          applicationId: this.input.applicationId,
          task: this.approvalTask!.ref,
          level: 'CREDIT_COMMITTEE',
          decision: verdict,
          at: new Date().toISOString(),
        }),
      };
    }
    await this.verdict!.recorded;
  }

  /** The reasons members gave with their reject votes, each once. */
  private rejectReasons(): string[] {
    const given = this.votes.flatMap(({ input }) =>
      input.choice === 'reject' ? input.reasons : [],
    );
    const reasons = [...new Set(given)];
    return reasons.length > 0 ? reasons : [MAJORITY_REASON];
  }

  async switchingTask(move: () => Promise<void>) {
    this.taskSwitching = true;
    try {
      await move();
    } finally {
      this.taskSwitching = false;
    }
  }

  /**
   * Waits on a person's task until `done` holds: one reminder before the due time, then at
   * it `onBreach` and on without a timer, or, with no `onBreach`, the wait ends: 'deadline'.
   * A pause or a new task (`current` changes) restarts the wait; a withdrawal ends it.
   */
  awaitTask(done: () => boolean, current: () => PersonTask): Promise<Waited>;
  awaitTask(
    done: () => boolean,
    current: () => PersonTask,
    onBreach: (due: Date) => Promise<void>,
  ): Promise<Exclude<Waited, 'deadline'>>;
  async awaitTask(
    done: () => boolean,
    current: () => PersonTask,
    onBreach?: (due: Date) => Promise<void>,
  ): Promise<Waited> {
    while (!done()) {
      const task = current();
      this.waitingOn = task;
      const seen = this.clockVersion;
      const changed = () => done() || this.clockVersion !== seen || current() !== task || undefined;
      const due = dueTime(this.clock, task.deadline);
      const until = this.clock.pausedAt
        ? undefined
        : !task.reminded
          ? reminderTime(due, this.policy.reminderWorkingDays)
          : !task.breached
            ? due
            : undefined;
      const waited = await waitFor(changed, { until, withdrawn: this.withdrawn });
      if (waited.outcome === 'withdrawn') return 'withdrawn';
      if (waited.outcome === 'acted') continue;
      if (!task.reminded) {
        await this.remind(task, due);
      } else if (!onBreach) {
        return 'deadline';
      } else {
        task.breached = true;
        await onBreach(due);
      }
    }
    return this.withdrawn() ? 'withdrawn' : 'done';
  }

  private async remind(task: PersonTask, due: Date) {
    task.reminded = true;
    await activities.remind({
      applicationId: this.input.applicationId,
      task: task.ref,
      dueAt: due.toISOString(),
    });
  }
}
