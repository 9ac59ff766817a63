// Unified social credit code (统一社会信用代码, GB 32100-2015), 18 characters:
//   1     registration authority (9 = market regulation, 5 = civil affairs, ...)
//   2     organisation type under that authority
//   3–8   administrative region code, digits
//   9–17  organisation code (GB 11714), whose own check character is position 17
//   18    check character over positions 1–17
// We check the structure and both check characters, not the authority/type tables: those
// are registry facts that change, while any single typo already breaks the check character.

// The 31 characters in value order: digits, then letters without I, O, S, V, Z.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// 3^i mod 31, for positions 1–17.
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Upper application, surrounding whitespace removed: the form to check and to store. */
export function normaliseUscc(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * GB 11714 check character for the 8-character body of an organisation code.
 * Its letters count A=10 … Z=35 (the GB 11714 table, not the USCC alphabet).
 */
export function orgCodeCheckChar(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) {
    throw new Error(`organisation code body must be 8 characters 0-9/A-Z, got ${body}`);
  }
  const sum = [...body].reduce((acc, ch, i) => acc + parseInt(ch, 36) * ORG_CODE_WEIGHTS[i]!, 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function usccCheckChar(first17: string): string {
  const sum = [...first17].reduce((acc, ch, i) => acc + ALPHABET.indexOf(ch) * USCC_WEIGHTS[i]!, 0);
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

// What is wrong with the characters present (17 or 18, already normalised), or null; the
// final check character is left to the caller.
function structureProblem(chars: string): string | null {
  for (const [i, ch] of [...chars].entries()) {
    if (!ALPHABET.includes(ch)) {
      return `invalid character '${ch}' at position ${i + 1} (allowed: 0-9 and A-Y except I, O, S, V)`;
    }
  }
  if (!/^\d{6}$/.test(chars.slice(2, 8))) {
    return 'positions 3–8 (region code) must be digits';
  }
  if (orgCodeCheckChar(chars.slice(8, 16)) !== chars[16]) {
    return 'wrong check character of the organisation code (position 17): probably a typo';
  }
  return null;
}

/** Human-readable reason why `code` is not a valid USCC, or null if it is one. */
export function usccProblem(code: string): string | null {
  const normalised = normaliseUscc(code);
  if (normalised.length !== 18) {
    return `must be 18 characters, got ${normalised.length}`;
  }
  const problem = structureProblem(normalised);
  if (problem) return problem;
  if (usccCheckChar(normalised.slice(0, 17)) !== normalised[17]) {
    return 'wrong check character (position 18): probably a typo';
  }
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/**
 * Completes 17 characters (whose position 17 must already be the organisation-code check,
 * see orgCodeCheckChar) with the USCC check character. For seed data and tests.
 */
export function withUsccCheckChar(first17: string): string {
  const normalised = normaliseUscc(first17);
  if (normalised.length !== 17) {
    throw new Error(
      `expected the first 17 characters of a USCC, got ${normalised.length} characters`,
    );
  }
  const problem = structureProblem(normalised);
  if (problem) throw new Error(`cannot complete USCC ${normalised}: ${problem}`);
  return normalised + usccCheckChar(normalised);
}
