// What the API makes of Temporal's errors: a call nobody answered is an outage (503), never a
// bare 500, whatever shape the SDK gives it.
import { randomBytes } from 'node:crypto';
import { Client, Connection, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { callWorkflow } from '../../api/workflow-errors.ts';

const connection = Connection.lazy({ address: '127.0.0.1:1' });
const temporal = new Client({ connection });
afterAll(() => connection.close());

describe('callWorkflow', () => {
  it.each([
    ['a gRPC DEADLINE_EXCEEDED', Object.assign(new Error('deadline'), { code: 4 })],
    ['a gRPC UNAVAILABLE behind another error', new Error('start failed', { cause: { code: 14 } })],
    [
      'an update whose result never came (its worker killed)',
      new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', { cause: new Error('deadline') }),
    ],
  ])('answers %s as unavailable', async (_, thrown) => {
    await expect(callWorkflow(temporal, () => Promise.reject(thrown))).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('passes any other error on, for the error handler to hide behind a 500', async () => {
    const other = new Error(randomBytes(4).toString('hex'));
    await expect(callWorkflow(temporal, () => Promise.reject(other))).rejects.toBe(other);
  });
});
