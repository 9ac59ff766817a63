// An institution's seal and signatory, which its letters carry: published by the programme's
// administrator as the next version; letters issued before keep the version they were stamped with.
import { z } from 'zod';
import { base64Text } from '../body.ts';
import { identifier, plainName } from '../text.ts';
import { publishSeal } from '../../prisma/seal-store.ts';
import type { Db } from '../../prisma/client.ts';
import { AppError, notFound } from '../errors.ts';
import type { RouteTable } from './define.ts';

const MAX_SEAL_BYTES = 256 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Square enough to stamp, and no larger than a letter head needs. */
const MAX_SEAL_PIXELS = 2048;

const sealPublication = z.object({
  imageBase64: base64Text().meta({ description: 'A PNG of the seal, transparent around it' }),
  signatory: plainName(1, 64).meta({ example: '周文华' }),
});

const sealView = z.object({
  institution: z.string(),
  version: z.int(),
  sha256: z.string(),
  signatory: z.string(),
  publishedAt: z.iso.datetime(),
});

/** The PNG's width and height from its header chunk, or a refusal naming the problem. */
function pngImage(base64: string): Buffer {
  const image = Buffer.from(base64, 'base64');
  const problem =
    image.length > MAX_SEAL_BYTES
      ? `a seal image may be at most ${MAX_SEAL_BYTES} bytes; this one has ${image.length}`
      : !image.subarray(0, 8).equals(PNG_SIGNATURE) || image.toString('latin1', 12, 16) !== 'IHDR'
        ? 'the image is not a PNG'
        : [image.readUInt32BE(16), image.readUInt32BE(20)].some((p) => p < 1 || p > MAX_SEAL_PIXELS)
          ? `a seal image is 1 to ${MAX_SEAL_PIXELS} pixels a side`
          : undefined;
  if (problem) {
    throw new AppError('unprocessable', 'the content breaks a rule', [
      { field: 'body.imageBase64', message: problem },
    ]);
  }
  return image;
}

export function institutionRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'post',
    path: '/v1/institutions/:code/seals',
    tag: 'Institutions',
    summary: "Publish an institution's seal and signatory for the letters it issues from now on",
    roles: ['ADMIN'],
    params: z.object({ code: identifier(64).meta({ example: 'demo-bank' }) }),
    body: sealPublication,
    responses: {
      201: { description: 'Published as the next version', schema: sealView },
      404: { description: 'No such institution' },
    },
    handler: async ({ principal, params, body }) => {
      const institution = await db.institution.findUnique({ where: { code: params.code } });
      if (!institution) throw notFound('institution');
      const seal = await publishSeal(db, {
        institutionId: institution.id,
        image: pngImage(body.imageBase64),
        signatory: body.signatory,
        publishedById: principal.userId,
      });
      return {
        status: 201,
        body: {
          institution: institution.code,
          version: seal.version,
          sha256: seal.sha256,
          signatory: seal.signatory,
          publishedAt: seal.publishedAt.toISOString(),
        },
      };
    },
  });
}
