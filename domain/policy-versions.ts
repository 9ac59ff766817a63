// Versioned policy data (DOMAIN.md: "store it as versioned policy data"): an application pins the
// version in force when it starts, and can always find that version again later.
import { isIsoDate } from './calendar.ts';

export interface Versioned {
  readonly version: string;
  /** ISO date from which the version applies to new applications. */
  readonly effectiveFrom: string;
}

/**
 * The version with the latest effectiveFrom ≤ asOf. `what` names the policy in errors.
 * Versions sharing an id or a start date have no single answer, so they are refused.
 */
export function versionInForce<T extends Versioned>(
  versions: readonly T[],
  asOf: string,
  what: string,
): T {
  // A plain check, not zod: workflows call this, and zod's date schemas fail in their sandbox.
  if (!isIsoDate(asOf)) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${asOf}`);
  const date = asOf;
  assertUnambiguous(versions, what);
  const inForce = versions
    .filter((v) => v.effectiveFrom <= date)
    .reduce<T | undefined>((a, b) => (a && a.effectiveFrom > b.effectiveFrom ? a : b), undefined);
  if (!inForce) throw new RangeError(`no ${what} in force on ${date}`);
  return inForce;
}

/** A version by id, however old; throws when it never existed. */
export function findVersion<T extends Versioned>(
  versions: readonly T[],
  version: string,
  what: string,
): T {
  const found = versions.find((v) => v.version === version);
  if (!found) throw new RangeError(`unknown ${what} version ${version}`);
  return found;
}

/** The bank code of a platform default, which governs every bank that has not set its own. */
export const ANY_BANK = '*';

/** Policy a bank may set for itself (authority matrix, document checklist). */
export interface BankPolicy extends Versioned {
  readonly bankCode: string;
}

/**
 * The bank's own version in force on `asOf`, or the platform default's while none of its
 * own has started yet.
 */
export function bankVersionInForce<T extends BankPolicy>(
  versions: readonly T[],
  bankCode: string,
  asOf: string,
  what: string,
): T {
  const own = versions.filter((v) => v.bankCode === bankCode);
  const started = own.some((v) => v.effectiveFrom <= asOf);
  const governing = started ? own : versions.filter((v) => v.bankCode === ANY_BANK);
  return versionInForce(governing, asOf, `${what} of ${bankCode}`);
}

/**
 * A version an application of the bank pinned: the bank's own or, for applications filed before it
 * set its own, the platform default's. Throws when the bank never had it.
 */
export function findBankVersion<T extends BankPolicy>(
  versions: readonly T[],
  bankCode: string,
  version: string,
  what: string,
): T {
  const found =
    versions.find((v) => v.bankCode === bankCode && v.version === version) ??
    versions.find((v) => v.bankCode === ANY_BANK && v.version === version);
  if (!found) throw new RangeError(`unknown ${what} ${version} of ${bankCode}`);
  return found;
}

function assertUnambiguous(versions: readonly Versioned[], what: string): void {
  for (const key of ['version', 'effectiveFrom'] as const) {
    const values = versions.map((v) => v[key]);
    const twice = values.find((value, i) => values.indexOf(value) !== i);
    if (twice !== undefined) throw new RangeError(`${what}: two versions with ${key} ${twice}`);
  }
}
