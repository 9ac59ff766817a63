// The fake core system must behave like a real one where disbursement relies on it: one
// booking per idempotency key, even under concurrent calls.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCoreBanking } from '../../activities/core-banking.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database?.drop());

describe('the fake core-banking system', () => {
  it('answers a repeated key, even concurrently, with the original booking', async () => {
    const { db } = database;
    const bank = fakeCoreBanking(db);
    const request = { idempotencyKey: randomUUID(), account: 'SETTLEMENT-X', amountFen: 5_000 };
    const bookings = await Promise.all([1, 2, 3, 4].map(() => bank.transfer(request)));
    const again = await bank.transfer(request);

    expect(new Set([...bookings, again].map((b) => b.reference)).size).toBe(1);
    expect(
      await db.fakeCoreBankingTransfer.count({
        where: { idempotencyKey: request.idempotencyKey },
      }),
    ).toBe(1);
    expect(await db.fakeCoreBankingTransfer.count({ where: { account: 'SETTLEMENT-X' } })).toBe(1);
  });

  it('refuses a key reused for a different transfer', async () => {
    const bank = fakeCoreBanking(database.db);
    const request = { idempotencyKey: randomUUID(), account: 'SETTLEMENT-Y', amountFen: 5_000 };
    await bank.transfer(request);
    await expect(bank.transfer({ ...request, amountFen: 6_000 })).rejects.toThrow(
      /different transfer/,
    );
  });

  it('books distinct keys separately', async () => {
    const bank = fakeCoreBanking(database.db);
    const a = await bank.transfer({ idempotencyKey: randomUUID(), account: 'Z', amountFen: 1 });
    const b = await bank.transfer({ idempotencyKey: randomUUID(), account: 'Z', amountFen: 1 });
    expect(a.reference).not.toBe(b.reference);
  });
});
