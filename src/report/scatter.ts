/**
 * Pictures of low-dimensional samples (the toy worlds): a histogram against the real one for 1-D data, a
 * scatter plot over real points for 2-D (first two coordinates beyond that). Drawn straight into pixels.
 */
import { encodePng } from './png.js';

const SIZE = 320;
const REAL: [number, number, number] = [170, 170, 170];
const FAKE: [number, number, number] = [31, 119, 180];

function canvas(): Uint8Array {
  return new Uint8Array(SIZE * SIZE * 4).fill(255);
}

function dot(px: Uint8Array, x: number, y: number, rgb: [number, number, number], r = 1): void {
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const xx = Math.round(x) + dx;
      const yy = Math.round(y) + dy;
      if (xx < 0 || yy < 0 || xx >= SIZE || yy >= SIZE) continue;
      px.set(rgb, (yy * SIZE + xx) * 4);
    }
  }
}

/** Range of a coordinate over both sets, padded by 10 %. */
function range(a: Float32Array, b: Float32Array, dim: number, k: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of [a, b]) {
    for (let i = k; i < s.length; i += dim) {
      if (Number.isFinite(s[i])) {
        lo = Math.min(lo, s[i]);
        hi = Math.max(hi, s[i]);
      }
    }
  }
  if (!(hi > lo)) [lo, hi] = [lo - 1, lo + 1];
  const pad = 0.1 * (hi - lo);
  return [lo - pad, hi + pad];
}

/** PNG of generated `fake` samples over `real` ones (row-major, `dim` values per sample). */
export function samplePlotPng(fake: Float32Array, real: Float32Array, dim: number): Buffer {
  const px = canvas();
  const [x0, x1] = range(real, fake, dim, 0);
  const sx = (v: number) => ((v - x0) / (x1 - x0)) * (SIZE - 1);
  if (dim === 1) {
    const bins = 64;
    const hist = (s: Float32Array) => {
      const h = new Float64Array(bins);
      for (const v of s)
        if (Number.isFinite(v))
          h[Math.min(bins - 1, Math.max(0, Math.floor((sx(v) / SIZE) * bins)))] += 1 / s.length;
      return h;
    };
    const hr = hist(real);
    const hf = hist(fake);
    const top = Math.max(...hr, ...hf) || 1;
    const bw = SIZE / bins;
    for (let b = 0; b < bins; b++) {
      for (const [h, rgb, inset] of [
        [hr, REAL, 0],
        [hf, FAKE, bw / 4],
      ] as const) {
        const height = (h[b] / top) * (SIZE - 10);
        for (let y = SIZE - 1; y > SIZE - 1 - height; y--)
          for (let x = b * bw + inset; x < (b + 1) * bw - inset; x++) dot(px, x, y, [...rgb], 0);
      }
    }
  } else {
    const [y0, y1] = range(real, fake, dim, 1);
    const sy = (v: number) => (SIZE - 1) * (1 - (v - y0) / (y1 - y0));
    for (let i = 0; i + 1 < real.length; i += dim) dot(px, sx(real[i]), sy(real[i + 1]), REAL);
    for (let i = 0; i + 1 < fake.length; i += dim) dot(px, sx(fake[i]), sy(fake[i + 1]), FAKE);
  }
  return encodePng(SIZE, SIZE, px);
}
