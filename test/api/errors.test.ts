// The one error shape, whatever goes wrong: client faults are 4xx, outages 503, the rest a
// bare 500.
import express from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AppError, errorHandler } from '../../api/errors.ts';

function appThrowing(error: unknown) {
  const app = express();
  app.use(pinoHttp({ logger: pino({ level: 'silent' }) }));
  app.use(express.json());
  app.post('/boom', () => {
    throw error;
  });
  app.use(errorHandler);
  return app;
}

describe('error handler', () => {
  it('renders an AppError with its status, code, message and details', async () => {
    const res = await request(appThrowing(new AppError('business_rule', 'too much', [1])))
      .post('/boom')
      .send({});
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'business_rule',
      message: 'too much',
      details: [1],
    });
    expect(typeof res.body.error.requestId).toBe('string');
  });

  it('answers a unique-constraint race with 409, not 500', async () => {
    const res = await request(appThrowing(Object.assign(new Error('Unique'), { code: 'P2002' })))
      .post('/boom')
      .send({});
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  // The shapes a database that dies under a query takes (seen with an embedded server stopped
  // by SIGINT and by SIGQUIT while queries ran).
  it.each([
    ['unreachable', Object.assign(new Error('cannot reach'), { code: 'P1001' })],
    [
      'stopping (57P01)',
      Object.assign(new Error('raw query failed'), {
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } },
      }),
    ],
    ['gone mid-query', new Error('Connection terminated unexpectedly')],
    [
      'gone before the query',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['out of reach of the pool', new Error('timeout exceeded when trying to connect')],
  ])('answers a database %s with 503 and Retry-After, not 500', async (_, error) => {
    const res = await request(appThrowing(error)).post('/boom').send({});
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    expect(res.headers['retry-after']).toBe('5');
  });

  it('hides internals of anything else behind a bare 500', async () => {
    const res = await request(appThrowing(new Error('password=hunter2 at db.internal:5432')))
      .post('/boom')
      .send({});
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'internal', message: 'internal error' });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
  });

  it('answers malformed JSON with 400', async () => {
    const res = await request(appThrowing(new Error('unreached')))
      .post('/boom')
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});
