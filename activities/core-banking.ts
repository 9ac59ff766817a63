// The bank's payment system, behind an interface: disbursement pays through it and never
// learns which implementation it talks to.
import { randomUUID } from 'node:crypto';
import type { Db } from '../prisma/client.ts';

export interface TransferRequest {
  /** The caller's key for this payment; the same key never books a second transfer. */
  idempotencyKey: string;
  account: string;
  amountFen: number;
}

export interface BookedTransfer {
  reference: string;
  bookedAt: Date;
}

export interface CoreBanking {
  transfer(request: TransferRequest): Promise<BookedTransfer>;
}

/** The settlement account a firm's loan is paid into, named by its unified social credit code. */
export const settlementAccount = (uscc: string) => `SETTLEMENT-${uscc}`;

/**
 * A FAKE core-banking system: no real payment system exists here. It books transfers into
 * the FakeCoreBankingTransfer table and, like a real core system, answers a repeated
 * idempotency key with the original booking instead of paying again. A repeated key with a
 * different account or amount is refused, as a real system would: it signals a caller bug.
 * `clock` dates the booking (tests pin it to reach month ends, or follow the workflows' time).
 */
export function fakeCoreBanking(
  db: Db,
  clock: () => Date | Promise<Date> = () => new Date(),
): CoreBanking {
  return {
    async transfer({ idempotencyKey, account, amountFen }) {
      if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
        throw new RangeError(`transfer amount must be a positive number of fen: ${amountFen}`);
      }
      // Insert-or-keep, then read by key: two concurrent calls with one key book once.
      await db.fakeCoreBankingTransfer.createMany({
        data: [
          {
            reference: `FCB${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`,
            idempotencyKey,
            account,
            amountFen: BigInt(amountFen),
            bookedAt: await clock(),
          },
        ],
        skipDuplicates: true,
      });
      const booked = await db.fakeCoreBankingTransfer.findUniqueOrThrow({
        where: { idempotencyKey },
      });
      if (booked.account !== account || booked.amountFen !== BigInt(amountFen)) {
        throw new Error(`idempotency key ${idempotencyKey} was used for a different transfer`);
      }
      return { reference: booked.reference, bookedAt: booked.bookedAt };
    },
  };
}
