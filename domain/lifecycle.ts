// The machinery every process declares its lifecycle with: the steps it walks, the statuses
// its row shows, the events it records (each an audit action, some moving the status), and
// the tasks it hands to people. One declaration per process (domain/<process>/lifecycle.ts);
// the one writer (prisma/lifecycle-writer.ts), the workflow, the views and the dossier all
// read it, so no status, task key or audit action is ever spelled twice.
import type { Role } from './roles.ts';

/** An event that moves the status: from any of `from` to `to`. */
export interface Transition<Status extends string> {
  readonly from: readonly Status[];
  readonly to: Status;
}

export interface LifecycleDeclaration<
  Step extends string,
  Status extends string,
  Event extends string,
  Kind extends string,
> {
  /** The audit trail's entity type for the process's rows. */
  readonly entity: string;
  readonly steps: readonly Step[];
  readonly statuses: readonly Status[];
  /** The status a new row starts in. */
  readonly initial: Status;
  /** Statuses nothing moves the row out of. */
  readonly closed: readonly Status[];
  /** Every audit action of the process; `null` for one that leaves the status as it is. */
  readonly events: { readonly [E in Event]: Transition<Status> | null };
  /** Who works each kind of task. */
  readonly tasks: { readonly [K in Kind]: { readonly role: Role } };
}

export type Lifecycle<
  Step extends string = string,
  Status extends string = string,
  Event extends string = string,
  Kind extends string = string,
> = LifecycleDeclaration<Step, Status, Event, Kind> & {
  /** A task's key: subject, kind, and what tells tasks of one kind apart (a round, a level). */
  taskKey(subjectId: string, kind: Kind, qualifier?: string | number): string;
  /** The subject a task key belongs to. */
  subjectOfTaskKey(key: string): string;
  /** Whether `event` may happen to a row in `status`: any event that moves no status may. */
  allows(event: Event, status: Status): boolean;
  isClosed(status: Status): boolean;
};

export type StatusOf<L> = L extends Lifecycle<string, infer S> ? S : never;
export type EventOf<L> = L extends Lifecycle<string, string, infer E> ? E : never;
export type TaskKindOf<L> = L extends Lifecycle<string, string, string, infer K> ? K : never;

export function defineLifecycle<
  const Step extends string,
  const Status extends string,
  const Event extends string,
  const Kind extends string,
>(
  declaration: LifecycleDeclaration<Step, Status, Event, Kind>,
): Lifecycle<Step, Status, Event, Kind> {
  for (const [event, rule] of Object.entries<Transition<Status> | null>(declaration.events)) {
    const known = (s: Status) => declaration.statuses.includes(s);
    if (rule && !(rule.from.every(known) && known(rule.to))) {
      throw new TypeError(`${declaration.entity}: event ${event} names an unknown status`);
    }
  }
  return {
    ...declaration,
    taskKey: (subjectId, kind, qualifier) =>
      qualifier === undefined ? `${subjectId}:${kind}` : `${subjectId}:${kind}:${qualifier}`,
    subjectOfTaskKey: (key) => key.slice(0, key.indexOf(':')),
    allows: (event, status) => {
      const rule = declaration.events[event];
      return rule === null || rule.from.includes(status);
    },
    isClosed: (status) => declaration.closed.includes(status),
  };
}
