// The QR code is drawn as vector rectangles, not embedded as an image: it stays sharp at any
// zoom or print resolution, costs a few hundred bytes, and renders the same everywhere.
import qrcode from 'qrcode-generator';

/**
 * Draws `text` as a QR code `size` points wide with its top-left corner at (x, y). The caller
 * leaves white space around it (the quiet zone). Error correction M survives a smudged print.
 */
export function drawQrCode(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  size: number,
) {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const module = size / count;
  doc.save();
  // One rectangle per run of dark modules in a row, all in one path filled once: adjacent
  // runs share edges inside a single fill, so no hairline seams appear between them.
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!qr.isDark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && qr.isDark(row, column)) column++;
      doc.rect(x + start * module, y + row * module, (column - start) * module, module);
    }
  }
  doc.fillColor('#000000').fill();
  doc.restore();
}
