// Noto Sans SC covers Chinese and Latin text alike, so one family serves both languages.
// The TTF files are ~10 MB each: read them once per process and let pdfkit embed only
// the glyphs a letter uses (it subsets TrueType fonts on its own).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const FONT_MODULES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export type FontFace = keyof typeof FONT_MODULES;
type FontFiles = Record<FontFace, Buffer>;

let cached: Promise<FontFiles> | undefined;

export function loadFonts(): Promise<FontFiles> {
  cached ??= Promise.all([
    readFile(require.resolve(FONT_MODULES.regular)),
    readFile(require.resolve(FONT_MODULES.bold)),
  ]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      // A failed read must not poison every later letter of this process.
      cached = undefined;
      throw error;
    },
  );
  return cached;
}
