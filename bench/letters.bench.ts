// Letter rendering throughput: letters per second and average size for a two-page approval
// letter (terms with a repayment schedule, the assessment table, signatures, QR code), in
// each language. Each letter gets its own verification code, as issued letters do.
import { performance } from 'node:perf_hooks';
import type { LetterIssue } from '../templates/letter-data.ts';
import type { LetterLanguage } from '../domain/letter-kinds.ts';
import { renderLetter } from '../templates/render-letter.ts';
import { sampleIssue, sampleLetter } from '../templates/samples.ts';

const LETTERS = 40;

function issueNumber(n: number): LetterIssue {
  const verificationCode = String(n).padStart(16, 'X');
  const verificationUrl = sampleIssue.verificationUrl.replace(
    sampleIssue.verificationCode,
    verificationCode,
  );
  return { verificationCode, verificationUrl, revision: 1 };
}

export async function run(): Promise<void> {
  for (const language of ['zh', 'en'] satisfies LetterLanguage[]) {
    const letter = sampleLetter('approval', language);
    // The first letter parses the fonts; the figure is for a process already serving letters.
    const first = await renderLetter(letter, issueNumber(0));
    const pages = [...first.toString('latin1').matchAll(/\/Type \/Page\b/g)].length;
    let bytes = 0;
    const start = performance.now();
    for (let n = 1; n <= LETTERS; n++) {
      bytes += (await renderLetter(letter, issueNumber(n))).length;
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `approval letter (${language}, ${pages} pages): ${(LETTERS / seconds).toFixed(1)} letters/s, ` +
        `average ${(bytes / LETTERS / 1024).toFixed(1)} KB over ${LETTERS} letters`,
    );
  }
}
