/**
 * Small numbers drawn onto a canvas — the ids of a numbered sample grid (`gankit sample --numbered`),
 * which the latent tools take back as `ids:…`. A 3×5 pixel digit font, scaled to the image size, in
 * black on a white box so it reads on any image.
 */
import type { Canvas } from './png.js';

/** Rows of each digit's 3×5 glyph, top to bottom, 3 bits per row (MSB = left). */
const GLYPHS: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
};

/** Draws `value` at (x, y) (top-left) with each font pixel `scale`² canvas pixels. */
export function drawNumber(canvas: Canvas, x: number, y: number, value: number, scale = 1): void {
  const text = String(value);
  const boxW = (text.length * 4 + 1) * scale;
  const boxH = 7 * scale;
  const set = (px: number, py: number, v: number) => {
    if (px < 0 || py < 0 || px >= canvas.width || py >= canvas.height) return;
    const o = (py * canvas.width + px) * 4;
    canvas.rgba[o] = canvas.rgba[o + 1] = canvas.rgba[o + 2] = v;
    canvas.rgba[o + 3] = 255;
  };
  for (let py = 0; py < boxH; py++) for (let px = 0; px < boxW; px++) set(x + px, y + py, 255);
  [...text].forEach((ch, k) => {
    GLYPHS[ch].forEach((bits, row) => {
      for (let col = 0; col < 3; col++) {
        if (!((bits >> (2 - col)) & 1)) continue;
        for (let sy = 0; sy < scale; sy++) {
          for (let sx = 0; sx < scale; sx++) {
            set(x + (1 + k * 4 + col) * scale + sx, y + (1 + row) * scale + sy, 0);
          }
        }
      }
    });
  });
}
