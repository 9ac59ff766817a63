// Exact arithmetic for the fund's rules: fen and basis points are safe integers, but their
// products (a ¥10bn fund × 10 000 bp) pass 2^53, so every product is taken in BigInt.

/** Throws unless `fen` is a non-negative safe integer of fen; `what` names it. */
export function assertFen(fen: number, what: string): void {
  if (!Number.isSafeInteger(fen) || fen < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer of fen, got ${fen}`);
  }
}

/** Throws unless `bp` is a share of 0 to 10 000 basis points. */
export function assertBp(bp: number, what: string): void {
  if (!Number.isInteger(bp) || bp < 0 || bp > 10_000) {
    throw new RangeError(`${what} must be 0 to 10 000 basis points, got ${bp}`);
  }
}

/** ⌊part / whole × 10 000⌋: the share, never rounded up to reach a threshold. */
export function floorBp(partFen: number, wholeFen: number): number {
  if (wholeFen <= 0) throw new RangeError(`a share of ${wholeFen} fen has no value`);
  return Number((BigInt(partFen) * 10_000n) / BigInt(wholeFen));
}

/** part / whole against bp / 10 000, compared exactly (no rounded share in between): −1, 0, 1. */
export function compareShare(partFen: number, wholeFen: number, bp: number): number {
  const [left, right] = [BigInt(partFen) * 10_000n, BigInt(bp) * BigInt(wholeFen)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** numerator / denominator to the nearest fen, halves up (both non-negative). */
export function roundHalfUp(numerator: bigint, denominator: bigint, what: string): number {
  const fen = Number((2n * numerator + denominator) / (2n * denominator));
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${what} is beyond a safe integer of fen`);
  return fen;
}
