/** A small line chart as a PNG (curves over a shared x axis), for the 1-D examples' pictures. */
import { encodePng } from '../../src/report/png.js';

export interface Curve {
  ys: ArrayLike<number>;
  rgb: [number, number, number];
}

/** Curves sampled at the same x positions, y in [yLo, yHi], on a width × height canvas with a light grid. */
export function linePlotPng(curves: Curve[], yLo: number, yHi: number, width = 480, height = 240): Buffer {
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const set = (x: number, y: number, [r, g, b]: [number, number, number]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = 4 * (y * width + x);
    rgba.set([r, g, b, 255], i);
  };
  for (let k = 0; k <= 4; k++) {
    const y = Math.round(((height - 1) * k) / 4);
    for (let x = 0; x < width; x++) set(x, y, [225, 225, 225]);
  }
  for (const { ys, rgb } of curves) {
    const n = ys.length;
    const py = (v: number) => Math.round((height - 1) * (1 - (v - yLo) / (yHi - yLo)));
    for (let i = 1; i < n; i++) {
      const [x0, x1] = [((i - 1) * (width - 1)) / (n - 1), (i * (width - 1)) / (n - 1)];
      const [y0, y1] = [py(ys[i - 1]), py(ys[i])];
      const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
      for (let s = 0; s <= steps; s++) {
        const x = Math.round(x0 + ((x1 - x0) * s) / steps);
        const y = Math.round(y0 + ((y1 - y0) * s) / steps);
        set(x, y, rgb);
        set(x, y + 1, rgb);
      }
    }
  }
  return encodePng(width, height, rgba);
}

/** One panel of {@link phasePortraitsPng}: a path through the plane and its colour. */
export interface PhasePath {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  rgb: [number, number, number];
}

/**
 * Paths through the plane [−range, range]², one square panel each (`size` pixels, `columns` to a row),
 * with the axes in grey, the origin marked and each path's start as a small square.
 */
export function phasePortraitsPng(paths: PhasePath[], range: number, size = 200, columns = 4): Buffer {
  const rows = Math.ceil(paths.length / columns);
  const gap = 6;
  const width = columns * size + (columns - 1) * gap;
  const height = rows * size + (rows - 1) * gap;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  paths.forEach((p, k) => {
    const [ox, oy] = [(k % columns) * (size + gap), Math.floor(k / columns) * (size + gap)];
    const set = (x: number, y: number, [r, g, b]: [number, number, number]) => {
      if (x < 0 || y < 0 || x >= size || y >= size) return;
      rgba.set([r, g, b, 255], 4 * ((oy + y) * width + ox + x));
    };
    const px = (v: number) => Math.round(((size - 1) * (v + range)) / (2 * range));
    const py = (v: number) => Math.round(((size - 1) * (range - v)) / (2 * range));
    for (let i = 0; i < size; i++) {
      for (const edge of [0, size - 1]) {
        set(i, edge, [200, 200, 200]);
        set(edge, i, [200, 200, 200]);
      }
      set(i, py(0), [225, 225, 225]);
      set(px(0), i, [225, 225, 225]);
    }
    for (let i = 1; i < p.xs.length; i++) {
      const [x0, y0, x1, y1] = [px(p.xs[i - 1]), py(p.ys[i - 1]), px(p.xs[i]), py(p.ys[i])];
      const steps = Math.max(1, Math.abs(x1 - x0), Math.abs(y1 - y0));
      for (let s = 0; s <= steps; s++)
        set(Math.round(x0 + ((x1 - x0) * s) / steps), Math.round(y0 + ((y1 - y0) * s) / steps), p.rgb);
    }
    for (let dx = -2; dx <= 2; dx++)
      for (let dy = -2; dy <= 2; dy++) {
        set(px(0) + dx, py(0) + dy, [0, 0, 0]);
        set(px(p.xs[0]) + dx, py(p.ys[0]) + dy, [120, 120, 120]);
      }
  });
  return encodePng(width, height, rgba);
}
