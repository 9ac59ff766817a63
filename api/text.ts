// Text people type, refused when it hides anything: control characters, bidirectional overrides
// that make a name read differently than it is stored, zero-width characters that make two names
// look the same. Names are normalised to NFKC (full-width letters and digits become the usual
// ones, so one firm is not registered twice); sentences only to NFC, which keeps the full-width
// punctuation Chinese prose is written with.
// The patterns are plain character classes with \u escapes, so schema tools can generate from them.
import { z } from 'zod';

/** C0 controls, DEL, C1 controls. Free text keeps tab, line feed and carriage return. */
const controls = '\\u0000-\\u001f\\u007f-\\u009f';
const controlsButLineBreaks = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f';
/** Bidi marks and overrides, zero-width characters, line and paragraph separators, BOM. */
const hidden = '\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';

const inNames = controls + hidden;
const inFileNames = controls + hidden + '/\\\\';
const inFreeText = controlsButLineBreaks + hidden;

const codePoint = (char: string) =>
  `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Text of at least `min` characters once trimmed, with none of `refused`. The pattern states the
 * trimmed length too (visible characters first and last), so the schema accepts what the API does.
 */
function textOf(
  refused: string,
  what: string,
  min: 1 | 2,
  max: number,
  form: 'NFKC' | 'NFC' = 'NFKC',
) {
  const visible = `[^\\s${refused}]`;
  const middle = min === 1 ? `(?:[^${refused}]*${visible})?` : `[^${refused}]*${visible}`;
  const pattern = new RegExp(`^\\s*${visible}${middle}\\s*$`);
  const refusedChar = new RegExp(`[${refused}]`);
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .regex(pattern, {
      error: (issue) => {
        const found = refusedChar.exec(String(issue.input))?.[0];
        return found
          ? `${what} may not contain the invisible or control character ${codePoint(found)}`
          : `${what} needs at least ${min} visible characters`;
      },
    })
    .overwrite((text) => text.normalize(form));
}

/** A name of a firm, a person or a place. */
export const plainName = (min: 1 | 2, max: number) => textOf(inNames, 'a name', min, max);

/** A file's name, without folders. */
export const plainFileName = (max: number) => textOf(inFileNames, 'a file name', 1, max);

/** Sentences: a purpose, reasons, questions and answers. */
export const plainText = (min: 1 | 2, max: number) => textOf(inFreeText, 'text', min, max, 'NFC');

/** A code people type to name a record: an institution, a scorecard model, a version. */
export const identifier = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits and . _ - only');
