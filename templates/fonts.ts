// Noto Sans SC covers Chinese and Latin text alike, so one family serves both languages.
// The TTF files are ~10 MB each with 65 000 glyphs: they are read and parsed once per
// process, and pdfkit embeds only the glyphs a letter uses (it subsets TrueType fonts).
// Parsing per letter would cost most of a letter's rendering time.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

const FONT_MODULES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export type FontFace = keyof typeof FONT_MODULES;
type Fonts = Record<FontFace, fontkit.Font>;

let cached: Promise<Fonts> | undefined;

async function parse(face: FontFace): Promise<fontkit.Font> {
  const font = fontkit.create(await readFile(require.resolve(FONT_MODULES[face])));
  if (!('layout' in font)) throw new Error(`${FONT_MODULES[face]} is a collection, not a font`);
  return font;
}

export function loadFonts(): Promise<Fonts> {
  cached ??= Promise.all([parse('regular'), parse('bold')]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      // A failed read must not poison every later letter of this process.
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

/**
 * Registers the parsed faces on a document. pdfkit takes a fontkit font as a font source
 * (it checks for `layout`), though its type definitions list only files and buffers.
 */
export function registerFonts(doc: PDFKit.PDFDocument, fonts: Fonts): void {
  for (const face of Object.keys(FONT_MODULES) as FontFace[]) {
    doc.registerFont(face, fonts[face] as unknown as Buffer);
  }
}
