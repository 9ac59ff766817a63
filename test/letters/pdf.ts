// Reading a letter back: its text as a reader's tool extracts it, and the QR code as a phone
// would see it on a rendered page.
import jsqr from 'jsqr';
import { PDFParse } from 'pdf-parse';
import { PNG } from 'pngjs';

// jsqr is CommonJS with an ES-style default export: under NodeNext that is `.default`.
const decodeQr = jsqr.default;

/** The letter's text with every run of white space as one space, so wrapped lines match. */
export async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

/** Each page's text, white space collapsed as in textOf. */
export async function pageTexts(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).pages.map((page) => page.text.replace(/\s+/g, ' ').trim());
  } finally {
    await parser.destroy();
  }
}

export function pageCount(pdf: Buffer): number {
  return [...pdf.toString('latin1').matchAll(/\/Type \/Page\b/g)].length;
}

/** Renders page 1 at twice its size and decodes the QR code found there. */
export async function qrCodeOnFirstPage(pdf: Buffer): Promise<string | undefined> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const shot = await parser.getScreenshot({ partial: [1], scale: 2, imageBuffer: true });
    const page = shot.pages[0];
    if (!page) return undefined;
    const png = PNG.sync.read(Buffer.from(page.data));
    return decodeQr(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
  } finally {
    await parser.destroy();
  }
}
