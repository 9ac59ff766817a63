// Splitting an amount of fen into parts by weights, exactly: the parts are whole fen and
// always sum to the amount (DOMAIN.md §5: "arithmetic is exact to the fen"). Shares of a loss
// use basis points as weights; recoveries use what each party still has to get back.

/**
 * Largest remainder: each part gets the floor of its exact quota, and the fen left over go
 * one each to the parts with the largest remainders. A tie goes first to `favoured` (the
 * party a scheme names for rounding residue), then in order. A part of weight 0 gets 0.
 */
export function allocate(
  totalFen: number,
  weights: readonly number[],
  favoured?: number,
): number[] {
  assertFen(totalFen);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError(`weights must be non-negative safe integers, got ${weights.join(', ')}`);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(sum) || sum === 0) {
    throw new RangeError(`weights must sum to a positive safe integer, got ${sum}`);
  }
  const quotas = weights.map((w) => quota(totalFen, w, sum));
  const parts = quotas.map((q) => q.floor);
  let residue = totalFen - parts.reduce((a, b) => a + b, 0);
  const rank = (i: number) => (i === favoured ? -1 : i);
  const order = weights
    .map((_, i) => i)
    .sort((a, b) => compare(quotas[b]!.remainder, quotas[a]!.remainder) || rank(a) - rank(b));
  for (const i of order) {
    if (residue === 0) break;
    parts[i]! += 1;
    residue -= 1;
  }
  return parts;
}

/** ⌊amount × bp / 10 000⌋ exactly: a basis-point share of an amount, never rounded up. */
export function basisPointsOf(amountFen: number, bp: number): number {
  assertFen(amountFen);
  if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) {
    throw new RangeError(`a share is 0 to 10 000 basis points, got ${bp}`);
  }
  return quota(amountFen, bp, 10_000).floor;
}

/**
 * ⌊total × weight / sum⌋ and what it leaves over. Plain numbers while the product is exact
 * (the common case, and the simulator's hot path); BigInt beyond.
 */
function quota(total: number, weight: number, sum: number) {
  const product = total * weight;
  if (Number.isSafeInteger(product)) {
    // The remainder first: dividing an exact multiple of `sum` rounds nothing.
    const remainder = product % sum;
    return { floor: (product - remainder) / sum, remainder };
  }
  const exact = BigInt(total) * BigInt(weight);
  return { floor: Number(exact / BigInt(sum)), remainder: exact % BigInt(sum) };
}

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) {
    throw new RangeError(`amount must be a non-negative safe integer of fen, got ${fen}`);
  }
}

// Relational operators compare a number with a bigint by value; `===` would not.
function compare(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
