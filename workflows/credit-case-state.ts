// What a running credit case knows, and how it waits for people: every wait races the
// SLA clock (reminder, then breach), stops while the clock is paused, and ends at once
// when the applicant withdraws.
import { condition } from '@temporalio/workflow';
import {
  nextLevel,
  tallyCommittee,
  type ApprovalLevel,
  type AuthorityMatrix,
  type CommitteeVote,
} from '../domain/authority-matrix.ts';
import { addWorkingDays } from '../domain/calendar.ts';
import type { CreditTrackPolicy } from '../domain/credit-track-policy.ts';
import {
  deadline,
  dueTime,
  pauseClock,
  reminderTime,
  resumeClock,
  runningClock,
  type Deadline,
  type SlaClock,
} from '../domain/sla-clock.ts';
import { activities } from './credit-proxies.ts';
import type {
  CaseEnd,
  CaseSnapshot,
  CaseStep,
  ConditionsMetInput,
  CreditApplicationInput,
  LoanTermsInput,
  OfferResponseInput,
  WithdrawInput,
} from './messages.ts';

/** Thrown out of any wait once the applicant has withdrawn; the workflow closes the case. */
export class CaseWithdrawn extends Error {}

export interface PersonTask {
  readonly key: string;
  readonly deadline: Deadline;
  reminded: boolean;
  breached: boolean;
}

export type Verdict =
  { outcome: 'approve'; terms: LoanTermsInput } | { outcome: 'reject'; reasons: string[] };

const TIE_REASON = 'the credit committee tied; a loan needs a majority of the votes cast';
const MAJORITY_REASON = 'rejected by a majority of the credit committee';

export class CaseState {
  step: CaseStep = 'documents';
  end?: CaseEnd;
  clock: SlaClock = runningClock;
  /** Changes at every pause and resume, so waits re-read their due times. */
  clockVersion = 0;
  documentsChanged = false;
  withdrawal?: WithdrawInput;
  requestedAmountFen = 0;
  level?: ApprovalLevel;
  reviewerId?: string;
  reviewed = false;
  proposal?: LoanTermsInput;
  verdict?: Verdict;
  approverId?: string;
  decided = false;
  /** The open review or approval task, whose due time a pause moves. */
  bankTask?: PersonTask;
  approvalTask?: PersonTask;
  /** True while the case moves to a higher authority; decisions wait it out. */
  taskSwitching = false;
  committee: string[] = [];
  votes: CommitteeVote[] = [];
  voteReasons: string[] = [];
  votesRecording = 0;
  /** Set once the committee's due time passed: it then decides as soon as its quorum voted. */
  committeeClosed = false;
  informationRound?: number;
  rounds = 0;
  offerResponse?: OfferResponseInput;
  offerRecorded = false;
  conditionsMet?: ConditionsMetInput;
  conditionsRecorded = false;
  loanId?: string;
  private completedAt?: Date;
  private decisionBase?: Deadline;

  constructor(
    readonly input: CreditApplicationInput,
    readonly policy: CreditTrackPolicy,
    readonly matrix: AuthorityMatrix,
  ) {}

  snapshot(): CaseSnapshot {
    return {
      step: this.step,
      end: this.end,
      reviewerId: this.reviewerId,
      outcome: this.verdict?.outcome,
      level: this.level,
      informationRound: this.informationRound,
      clockPaused: !this.completedAt || this.clock.pausedAt !== undefined,
      decisionDueAt: this.decisionBase && dueTime(this.clock, this.decisionBase).toISOString(),
      loanId: this.loanId,
    };
  }

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

  personTask(key: string, due: Deadline): PersonTask {
    return { key, deadline: due, reminded: false, breached: false };
  }

  nextLevel(): ApprovalLevel | undefined {
    return this.level && nextLevel(this.level);
  }

  pause(at: Date) {
    this.clock = pauseClock(this.clock, at);
    this.clockVersion += 1;
  }

  /** Restarts the clock and moves the case's due times on by the pause. */
  async resume(at: Date) {
    this.clock = resumeClock(this.clock, at);
    this.clockVersion += 1;
    const task = this.bankTask;
    await activities.moveDueTimes({
      applicationId: this.input.applicationId,
      decisionDueAt: this.decisionBase && dueTime(this.clock, this.decisionBase).toISOString(),
      tasks: task
        ? [{ key: task.key, dueAt: dueTime(this.clock, task.deadline).toISOString() }]
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
      votes: this.votes,
      closed: this.committeeClosed,
    });
    return outcome === 'approved' || outcome === 'rejected' || outcome === 'tie'
      ? outcome
      : undefined;
  }

  /** Waits for the approver's decision to be recorded, or records the committee's. */
  async settleDecision() {
    const outcome = this.committeeOutcome();
    if (this.verdict || !outcome) return condition(() => this.decided);
    await condition(() => this.votesRecording === 0);
    this.verdict =
      outcome === 'approved'
        ? { outcome: 'approve', terms: this.proposal! }
        : { outcome: 'reject', reasons: outcome === 'tie' ? [TIE_REASON] : this.rejectReasons() };
    await activities.recordDecision({
      applicationId: this.input.applicationId,
      taskKey: this.approvalTask!.key,
      level: 'CREDIT_COMMITTEE',
      decision: this.verdict,
      at: new Date().toISOString(),
    });
    this.decided = true;
  }

  /** The reasons members gave with their reject votes, each once. */
  private rejectReasons(): string[] {
    const reasons = [...new Set(this.voteReasons)];
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

  async afterActivity<T>(result: Promise<T>): Promise<T> {
    const value = await result;
    if (this.withdrawal) throw new CaseWithdrawn();
    return value;
  }

  /** True when `done` holds, false at `until`; throws CaseWithdrawn on withdrawal. */
  async waitFor(done: () => boolean, until?: Date): Promise<boolean> {
    const finished = () => done() || this.withdrawal !== undefined;
    const ok = until
      ? await condition(finished, Math.max(until.getTime() - Date.now(), 1))
      : (await condition(finished), true);
    if (this.withdrawal) throw new CaseWithdrawn();
    return ok;
  }

  /** Waits for `done` on a task the clock does not govern: one reminder, then 'breached'. */
  async awaitChange(done: () => boolean, task: PersonTask): Promise<'done' | 'breached'> {
    for (;;) {
      const due = dueTime(this.clock, task.deadline);
      const at = task.reminded ? due : reminderTime(due, this.policy.reminderWorkingDays);
      if (await this.waitFor(done, at)) return 'done';
      if (task.reminded) return 'breached';
      await this.remind(task, due);
    }
  }

  /**
   * Waits for a person of the bank: one reminder before the due time, `onBreach` at it, then
   * on without a timer. A pause or a new task (`current` changes) restarts the wait.
   */
  async awaitPerson(
    done: () => boolean,
    current: () => PersonTask,
    onBreach: (due: Date) => Promise<void>,
  ) {
    while (!done()) {
      const task = current();
      this.bankTask = task;
      const seen = this.clockVersion;
      const changed = () => done() || this.clockVersion !== seen || current() !== task;
      const due = dueTime(this.clock, task.deadline);
      const at = this.clock.pausedAt
        ? undefined
        : !task.reminded
          ? reminderTime(due, this.policy.reminderWorkingDays)
          : !task.breached
            ? due
            : undefined;
      if (await this.waitFor(changed, at)) continue;
      if (!task.reminded) {
        await this.remind(task, due);
      } else {
        task.breached = true;
        await onBreach(due);
      }
    }
  }

  private async remind(task: PersonTask, due: Date) {
    task.reminded = true;
    await activities.remind({
      applicationId: this.input.applicationId,
      taskKey: task.key,
      dueAt: due.toISOString(),
    });
  }
}
