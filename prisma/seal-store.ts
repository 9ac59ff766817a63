// Institutions' seals: each publication is the next version, never changed (a trigger refuses
// it), so a letter that names the version it was stamped with renders again to the same bytes.
import { createHash } from 'node:crypto';
import type { Db } from './client.ts';

/** The seal an institution stamps new letters with: its latest version, if it published any. */
export const currentSeal = (db: Db, institutionId: string) =>
  db.institutionSeal.findFirst({ where: { institutionId }, orderBy: { version: 'desc' } });

/** Publishes the institution's next seal version; two publishers at once get one each. */
export async function publishSeal(
  db: Db,
  seal: { institutionId: string; image: Uint8Array; signatory: string; publishedById?: string },
) {
  const sha256 = createHash('sha256').update(seal.image).digest('hex');
  for (;;) {
    const version = ((await currentSeal(db, seal.institutionId))?.version ?? 0) + 1;
    const { count } = await db.institutionSeal.createMany({
      data: [{ ...seal, image: new Uint8Array(seal.image), sha256, version }],
      skipDuplicates: true,
    });
    if (count === 1) {
      return db.institutionSeal.findUniqueOrThrow({
        where: { institutionId_version: { institutionId: seal.institutionId, version } },
      });
    }
  }
}
