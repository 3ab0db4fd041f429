/**
 * Resizing and channel conversion of uint8 NHWC images, so any source fits a preset's resolution.
 * Downscaling averages the covered source area (no aliasing); upscaling is bilinear.
 */
import type { ImageShape } from '../models/types.js';
import { type ImageDataset, imageSize } from './dataset.js';

/** Converts one image's channels: RGB(A)→gray by Rec. 601 luma, gray→RGB by copying, alpha composited on white. */
export function convertChannels(src: Uint8Array, pixels: number, from: number, to: number): Uint8Array {
  if (from === to) return src;
  const out = new Uint8Array(pixels * to);
  for (let p = 0; p < pixels; p++) {
    let r: number;
    let g: number;
    let b: number;
    if (from === 1) {
      r = g = b = src[p];
    } else {
      const a = from === 4 ? src[p * 4 + 3] / 255 : 1;
      r = src[p * from] * a + 255 * (1 - a);
      g = src[p * from + 1] * a + 255 * (1 - a);
      b = src[p * from + 2] * a + 255 * (1 - a);
    }
    if (to === 1) out[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      out[p * 3] = Math.round(r);
      out[p * 3 + 1] = Math.round(g);
      out[p * 3 + 2] = Math.round(b);
    }
  }
  return out;
}

/** Resizes one HWC uint8 image from (h, w) to (oh, ow). */
export function resizeImage(
  src: Uint8Array,
  h: number,
  w: number,
  c: number,
  oh: number,
  ow: number,
): Uint8Array {
  if (h === oh && w === ow) return src;
  const out = new Uint8Array(oh * ow * c);
  const sy = h / oh;
  const sx = w / ow;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      for (let ch = 0; ch < c; ch++) {
        out[(y * ow + x) * c + ch] = Math.round(
          sy >= 1 && sx >= 1
            ? areaAverage(src, w, c, ch, y * sy, x * sx, sy, sx)
            : bilinear(src, h, w, c, ch, y, x, sy, sx),
        );
      }
    }
  }
  return out;
}

function areaAverage(
  src: Uint8Array,
  w: number,
  c: number,
  ch: number,
  y0: number,
  x0: number,
  sy: number,
  sx: number,
): number {
  let sum = 0;
  let area = 0;
  for (let yy = Math.floor(y0); yy < Math.ceil(y0 + sy); yy++) {
    const wy = Math.min(yy + 1, y0 + sy) - Math.max(yy, y0);
    for (let xx = Math.floor(x0); xx < Math.ceil(x0 + sx); xx++) {
      const wx = Math.min(xx + 1, x0 + sx) - Math.max(xx, x0);
      sum += src[(yy * w + xx) * c + ch] * wy * wx;
      area += wy * wx;
    }
  }
  return sum / area;
}

function bilinear(
  src: Uint8Array,
  h: number,
  w: number,
  c: number,
  ch: number,
  y: number,
  x: number,
  sy: number,
  sx: number,
): number {
  // Pixel centres aligned as in OpenCV/PIL: source coordinate of output centre (x + 0.5) * s - 0.5.
  const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
  const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
  const y0 = Math.floor(fy);
  const x0 = Math.floor(fx);
  const y1 = Math.min(y0 + 1, h - 1);
  const x1 = Math.min(x0 + 1, w - 1);
  const dy = fy - y0;
  const dx = fx - x0;
  const at = (yy: number, xx: number) => src[(yy * w + xx) * c + ch];
  return (
    (at(y0, x0) * (1 - dx) + at(y0, x1) * dx) * (1 - dy) + (at(y1, x0) * (1 - dx) + at(y1, x1) * dx) * dy
  );
}

/** A copy of `ds` with every image resized and channel-converted to `shape`; `ds` itself when it already fits. */
export function fitDataset(ds: ImageDataset, shape: ImageShape): ImageDataset {
  const [h, w, c] = ds.shape;
  const [oh, ow, oc] = shape;
  if (h === oh && w === ow && c === oc) return ds;
  const inSize = imageSize(ds.shape);
  const outSize = imageSize(shape);
  const pixels = new Uint8Array(ds.n * outSize);
  for (let i = 0; i < ds.n; i++) {
    const img = convertChannels(ds.pixels.subarray(i * inSize, (i + 1) * inSize), h * w, c, oc);
    pixels.set(resizeImage(img, h, w, oc, oh, ow), i * outSize);
  }
  return { ...ds, shape: [oh, ow, oc], pixels };
}
