// The codec endpoint of the Temporal Web UI: it sends the payloads of a workflow's history and
// shows what comes back. Only the platform's administrators get them decrypted; for anyone else
// the history stays ciphertext. The UI calls from its own origin, which alone may (CORS).
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { base64Bytes } from '../body.ts';
import { AppError } from '../errors.ts';
import type { RouteTable } from './define.ts';

/** Temporal's Payload in JSON: metadata values and data in base64. */
const payloadJson = z.object({
  metadata: z.record(z.string().max(256), base64Bytes().max(1024)).optional(),
  data: base64Bytes().optional(),
});
const payloads = z.object({ payloads: z.array(payloadJson).max(1000) });
type PayloadJson = z.infer<typeof payloadJson>;

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const base64 = (data: Uint8Array) => Buffer.from(data).toString('base64');

const fromJson = ({ metadata = {}, data = '' }: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, bytes(v)])),
  data: bytes(data),
});
const toJson = ({ metadata, data }: Payload): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, base64(v)])),
  data: base64(data ?? new Uint8Array()),
});

/** Lets the Web UI's origin call the codec with the administrator's token. */
export const codecCors =
  (uiOrigin: string | undefined): RequestHandler =>
  (req, res, next) => {
    if (uiOrigin && req.headers.origin === uiOrigin) {
      res.set({
        'Access-Control-Allow-Origin': uiOrigin,
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
        'Access-Control-Allow-Credentials': 'true',
        Vary: 'Origin',
      });
    }
    next();
  };

export function codecRoutes(routes: RouteTable, codec: PayloadCodec) {
  for (const direction of ['decode', 'encode'] as const) {
    routes.add({
      method: 'post',
      path: `/v1/codec/${direction}`,
      tag: 'Operations',
      summary: `${direction === 'decode' ? 'Decrypt' : 'Encrypt'} Temporal payloads (the Web UI's codec)`,
      roles: ['ADMIN'],
      readOnly: true,
      // A page of a workflow's history: a few hundred payloads of a few kilobytes each.
      maxBodyBytes: 4 * 1024 * 1024,
      body: payloads,
      responses: { 200: { description: 'The payloads, in order', schema: payloads } },
      handler: async ({ body }) => {
        try {
          const done = await codec[direction](body.payloads.map(fromJson));
          return { status: 200, body: { payloads: done.map(toJson) } };
        } catch {
          throw new AppError('unprocessable', 'a payload could not be decrypted with any key');
        }
      },
    });
  }
}
