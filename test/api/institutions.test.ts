// An institution's seal over HTTP: published by the administrator as the next version, its
// image checked to be a PNG a letter can carry.
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import {
  auth,
  expectError,
  expectFieldIssues,
  expectRuleIssues,
  fieldsOf,
  type App,
} from './client.ts';

let harness: Harness;
let app: App;
let admin: TestUser;
let officer: TestUser;
let seal: string;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  [admin, officer] = await Promise.all([
    userWith(harness.database.db, ['ADMIN']),
    userWith(harness.database.db, ['OFFICER'], 'demo-bank'),
  ]);
  seal = (await readFile(new URL('../../prisma/demo-seal.png', import.meta.url))).toString(
    'base64',
  );
});
afterAll(() => harness?.close());

const publish = (user: TestUser, code: string, body: object) =>
  request(app).post(`/v1/institutions/${code}/seals`).set(auth(user)).send(body);

describe('POST /v1/institutions/:code/seals', () => {
  it('publishes the next version, after the seeded demo seal, and never changes the last', async () => {
    const res = await publish(admin, 'demo-bank', { imageBase64: seal, signatory: ' 吴海燕 ' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ institution: 'demo-bank', version: 2, signatory: '吴海燕' });
    const next = await publish(admin, 'demo-bank', { imageBase64: seal, signatory: '李文' });
    expect(next.body.version).toBe(3);
    const { db } = harness.database;
    await expect(db.institutionSeal.deleteMany({})).rejects.toThrow(/permission denied/);
  });

  it('is for the administrator alone', async () => {
    expectError(
      await publish(officer, 'demo-bank', { imageBase64: seal, signatory: '李文' }),
      403,
      'forbidden',
    );
  });

  it('refuses an image that is not a PNG, naming the field', async () => {
    // Well-formed base64 whose content is no PNG: a rule no schema states, so 422.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]).toString('base64');
    const res = await publish(admin, 'demo-bank', { imageBase64: jpeg, signatory: '李文' });
    expect(expectRuleIssues(res)).toEqual([
      { field: 'body.imageBase64', message: 'the image is not a PNG' },
    ]);
    // Text that is no base64 at all breaks the schema: 400.
    const garbled = await publish(admin, 'demo-bank', { imageBase64: '**', signatory: '李文' });
    expect(fieldsOf(expectFieldIssues(garbled))).toEqual(['body.imageBase64']);
  });

  it('answers 404 for an institution that does not exist', async () => {
    expectError(
      await publish(admin, 'no-bank', { imageBase64: seal, signatory: '李文' }),
      404,
      'not_found',
    );
  });
});
