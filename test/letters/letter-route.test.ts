// Letters of a kind a case receives more than once, over HTTP: each request for information
// is served by its round, the latest by default, and its verification names the round.
// Serving letters needs no workflow, so the API runs here without a Temporal server.
import { fakeRegistries } from '../../activities/registries/fake-registries.ts';
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPayloadCodec, testUiOrigin } from '../support/temporal.ts';
import {
  issueDecisionLetter,
  issueLetter,
  type IssuedLetter,
} from '../../activities/letters/issue.ts';
import { demoTokenVerifier } from '../../api/auth.ts';
import { buildApp } from '../../api/app.ts';
import { ampleRateLimits } from '../../api/rate-limits.ts';
import { expectError, expectFieldIssues, getLetter } from '../api/client.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { testSigningKey, userWith, type TestUser } from '../support/fixtures.ts';
import { decidedCase, informationTask, type DecidedCase } from './decided-case.ts';

let database: TestDatabase;
let app: ReturnType<typeof buildApp>;
let officer: TestUser;
let c: DecidedCase;
const rounds: IssuedLetter[] = [];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const storedSha = async (applicationId: string, sequence: number, language: string) =>
  (
    await database.db.letter.findFirstOrThrow({
      where: { applicationId, kind: 'information_request', sequence, language },
    })
  ).sha256;

beforeAll(async () => {
  database = await freshDatabase();
  const { db } = database;
  app = buildApp({
    rateLimits: ampleRateLimits,
    db,
    registries: fakeRegistries(db),
    temporal: new Proxy({} as Client, {
      get: () => {
        throw new Error('serving letters must not need Temporal');
      },
    }),
    verifyToken: demoTokenVerifier(testSigningKey),
    logger: pino({ level: 'silent' }),
    codec: { payloadCodec: testPayloadCodec, uiOrigin: testUiOrigin },
  });
  officer = await userWith(db, ['OFFICER'], 'demo-bank');
  // Asked twice for information, then decided: three kinds of letter, one of them twice.
  c = await decidedCase(db, 'approve', { decidedAt: new Date('2026-12-15T06:00:00Z') });
  for (const round of [1, 2]) {
    await informationTask(db, c, {
      round,
      questions: [`第${round}轮：请提供研发项目立项文件`],
      createdAt: new Date(Date.UTC(2026, 10, 20 + 7 * round)),
      dueAt: new Date(Date.UTC(2026, 10, 25 + 7 * round, 16)),
    });
    rounds.push(
      await issueLetter(
        { db },
        {
          applicationId: c.applicationId,
          kind: 'information_request',
          sequence: round,
        },
      ),
    );
  }
});

afterAll(async () => {
  await database?.drop();
});

const pdfOf = (res: request.Response) => res.body as Buffer;

describe('a request for information', () => {
  it('is served by its round, the latest round by default', async () => {
    const query = { kind: 'information_request' };
    const latest = await getLetter(app, officer, c.applicationId, query);
    expect(latest.status).toBe(200);
    expect(sha256(pdfOf(latest))).toBe(rounds[1]!.sha256);

    const first = await getLetter(app, officer, c.applicationId, { ...query, sequence: '1' });
    expect(sha256(pdfOf(first))).toBe(rounds[0]!.sha256);
    const firstInEnglish = await getLetter(app, officer, c.applicationId, {
      ...query,
      sequence: '1',
      lang: 'en',
    });
    expect(sha256(pdfOf(firstInEnglish))).toBe(await storedSha(c.applicationId, 1, 'en'));
  });

  it('is 404 for a round never asked, and 400 for a sequence that is not a positive integer', async () => {
    const query = { kind: 'information_request' };
    expectError(
      await getLetter(app, officer, c.applicationId, { ...query, sequence: '3' }),
      404,
      'not_found',
    );
    for (const sequence of ['0', '-1', '1.5', 'two']) {
      const issues = expectFieldIssues(
        await getLetter(app, officer, c.applicationId, { ...query, sequence }),
      );
      expect(issues.map((i) => i.field)).toEqual(['query.sequence']);
    }
  });

  it('gives way, as the case’s letter, to the decision letter issued after it', async () => {
    const before = await getLetter(app, officer, c.applicationId);
    expect(sha256(pdfOf(before))).toBe(rounds[1]!.sha256);
    const decision = await issueDecisionLetter({ db: database.db }, c.applicationId);
    const after = await getLetter(app, officer, c.applicationId);
    expect(sha256(pdfOf(after))).toBe(decision.sha256);
  });

  it('verifies as the round it is', async () => {
    const res = await request(app).get(`/v1/letters/verify/${rounds[1]!.verificationCode}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'information_request',
      sequence: 2,
      revision: 1,
      status: 'current',
      sha256: rounds[1]!.sha256,
    });
    const first = await request(app).get(`/v1/letters/verify/${rounds[0]!.verificationCode}`);
    expect(first.body).toMatchObject({ sequence: 1 });
  });
});
