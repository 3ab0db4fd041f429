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
