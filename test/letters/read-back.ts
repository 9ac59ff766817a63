// A stored letter read back: its text, once the record it came from is shown to render to
// exactly the bytes stored (letters must be reproducible from the record).
import { expect } from 'vitest';
import { z } from 'zod';
import { letterDataFor } from '../../activities/letters/records.ts';
import { verificationUrl } from '../../activities/letters/issue.ts';
import { letterKinds, letterLanguage } from '../../domain/letter-kinds.ts';
import type { Db } from '../../prisma/client.ts';
import { renderLetter } from '../../templates/render-letter.ts';
import { textOf } from './pdf.ts';

export const lettersOf = (db: Db, applicationId: string) =>
  db.letter.findMany({
    where: { applicationId },
    orderBy: [{ sequence: 'asc' }, { language: 'asc' }],
  });

export async function readBack(db: Db, publicBaseUrl: string, letterId: string): Promise<string> {
  const letter = await db.letter.findUniqueOrThrow({
    where: { id: letterId },
    include: { seal: true },
  });
  const again = await renderLetter(
    await letterDataFor(db, {
      applicationId: letter.applicationId,
      kind: z.enum(letterKinds).parse(letter.kind),
      sequence: letter.sequence,
      language: letterLanguage(letter.language),
    }),
    {
      verificationCode: letter.verificationCode,
      verificationUrl: verificationUrl(publicBaseUrl, letter.verificationCode),
      revision: letter.revision,
      ...(letter.seal && { seal: { image: letter.seal.image, signatory: letter.seal.signatory } }),
    },
  );
  expect(again.equals(Buffer.from(letter.content)), `${letter.kind} re-rendered`).toBe(true);
  return textOf(Buffer.from(letter.content));
}
