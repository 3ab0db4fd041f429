/**
 * Canvas drawings of a playground frame: the 2-D world (D's heat-map, G's manifold, real and fake
 * points, gradient arrows), the 1-D world (p_data, p_g, D and D*), and line charts (losses, metrics).
 * Colours follow GAN Lab: real data green, generated data purple.
 */
import type { Frame1D, Frame2D } from './session.js';

export const REAL = '#1a9850';
export const FAKE = '#7b3294';
const D_COLOUR = '#e66101';
const D_STAR = '#404040';

/** Which layers of the 2-D view are drawn (the check-boxes). */
export interface Layers2D {
  heat: boolean;
  manifold: boolean;
  reals: boolean;
  fakes: boolean;
  arrows: boolean;
}

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas context');
  return ctx;
}

/** World coordinate → canvas pixel. */
function scaler(min: number, max: number, size: number, flip: boolean) {
  return (v: number) => {
    const t = (v - min) / (max - min);
    return (flip ? 1 - t : t) * size;
  };
}

/** D in [0, 1] as a colour between purple-tinted (fake, 0) and green-tinted (real, 1). */
function heatColour(v: number): [number, number, number] {
  const fake = [123, 50, 148];
  const real = [26, 152, 80];
  const white = [255, 255, 255];
  const target = v >= 0.5 ? real : fake;
  const t = Math.min(1, Math.abs(v - 0.5) * 2) * 0.55;
  return [0, 1, 2].map((i) => Math.round(white[i] + (target[i] - white[i]) * t)) as [number, number, number];
}

/** The 2-D world: heat-map, manifold, reals, fakes, arrows, as `layers` says. */
export function drawWorld2D(canvas: HTMLCanvasElement, f: Frame2D, layers: Layers2D): void {
  const ctx = context(canvas);
  const { width: W, height: H } = canvas;
  const sx = scaler(f.box.min, f.box.max, W, false);
  const sy = scaler(f.box.min, f.box.max, H, true);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  if (layers.heat) {
    const img = ctx.createImageData(f.heatSize, f.heatSize);
    for (let i = 0; i < f.heat.length; i++) {
      const [r, g, b] = heatColour(f.heat[i]);
      img.data.set([r, g, b, 255], 4 * i);
    }
    const tile = document.createElement('canvas');
    tile.width = tile.height = f.heatSize;
    context(tile).putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(tile, 0, 0, W, H);
  }
  if (layers.manifold) {
    ctx.strokeStyle = 'rgba(123, 50, 148, 0.35)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const line of f.manifold)
      for (let p = 0; p < line.length / 2; p++) {
        const x = sx(line[2 * p]);
        const y = sy(line[2 * p + 1]);
        if (p === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
    ctx.stroke();
  }
  // One path and one fill per colour: a fill per dot made the points most of a redraw's time.
  const dots = (pts: Float32Array, colour: string, r: number) => {
    ctx.fillStyle = colour;
    ctx.beginPath();
    for (let i = 0; i < pts.length / 2; i++) {
      const x = sx(pts[2 * i]);
      const y = sy(pts[2 * i + 1]);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.fill();
  };
  if (layers.reals) dots(f.reals.subarray(0, 600), 'rgba(26, 152, 80, 0.55)', 2);
  if (layers.fakes) dots(f.fakes.subarray(0, 1200), 'rgba(123, 50, 148, 0.7)', 2);
  if (layers.arrows) {
    // Arrow lengths scaled together so the largest is a tenth of the view: directions and relative sizes.
    let longest = 1e-12;
    for (let i = 0; i < f.arrows.length / 2; i++)
      longest = Math.max(longest, Math.hypot(f.arrows[2 * i], f.arrows[2 * i + 1]));
    const k = (0.1 * (f.box.max - f.box.min)) / longest;
    ctx.strokeStyle = '#222';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < f.arrows.length / 2; i++) {
      const x0 = f.fakes[2 * i];
      const y0 = f.fakes[2 * i + 1];
      const x1 = x0 + k * f.arrows[2 * i];
      const y1 = y0 + k * f.arrows[2 * i + 1];
      ctx.moveTo(sx(x0), sy(y0));
      ctx.lineTo(sx(x1), sy(y1));
      const a = Math.atan2(sy(y1) - sy(y0), sx(x1) - sx(x0));
      ctx.lineTo(sx(x1) - 4 * Math.cos(a - 0.5), sy(y1) - 4 * Math.sin(a - 0.5));
    }
    ctx.stroke();
  }
}

/** Frames a chart area and returns its inner scalers. */
function axes(ctx: CanvasRenderingContext2D, W: number, H: number, x: [number, number], y: [number, number]) {
  const pad = { l: 38, r: 8, t: 8, b: 18 };
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#999';
  ctx.strokeRect(pad.l, pad.t, W - pad.l - pad.r, H - pad.t - pad.b);
  ctx.fillStyle = '#555';
  ctx.font = '10px sans-serif';
  ctx.fillText(fmt(y[1]), 2, pad.t + 8);
  ctx.fillText(fmt(y[0]), 2, H - pad.b);
  ctx.fillText(fmt(x[0]), pad.l, H - 4);
  ctx.fillText(fmt(x[1]), W - pad.r - 30, H - 4);
  const span = (a: [number, number]) => (a[1] > a[0] ? a[1] - a[0] : 1);
  return {
    px: (v: number) => pad.l + ((v - x[0]) / span(x)) * (W - pad.l - pad.r),
    py: (v: number) => H - pad.b - ((v - y[0]) / span(y)) * (H - pad.t - pad.b),
  };
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : v.toPrecision(3);
}

/** One line of a chart. */
export interface Series {
  label: string;
  colour: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  dashed?: boolean;
}

/** The finite range of `values` of every series, or undefined when there is none. */
function extent(series: Series[], k: 'xs' | 'ys'): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series)
    for (let i = 0; i < s[k].length; i++) {
      const v = s[k][i];
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Line chart of `series` with a legend; the y range covers every finite value (or `yRange`). A long
 * series (a loss curve after many steps) is drawn through every ⌈n / width⌉-th point and its last: at
 * most one point per pixel column, so a redraw costs the same after a thousand steps or a million.
 */
export function drawLines(canvas: HTMLCanvasElement, series: Series[], yRange?: [number, number]): void {
  const ctx = context(canvas);
  const { width: W, height: H } = canvas;
  const x = extent(series, 'xs') ?? [0, 1];
  const y = yRange ?? extent(series, 'ys') ?? [0, 1];
  const { px, py } = axes(ctx, W, H, x, y);
  series.forEach((s, k) => {
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(s.dashed ? [4, 3] : []);
    ctx.beginPath();
    let started = false;
    const n = s.xs.length;
    const stride = Math.max(1, Math.ceil(n / W));
    for (let j = 0; j < n + stride - 1; j += stride) {
      const i = Math.min(j, n - 1);
      if (!Number.isFinite(s.ys[i])) continue;
      if (started) ctx.lineTo(px(s.xs[i]), py(s.ys[i]));
      else ctx.moveTo(px(s.xs[i]), py(s.ys[i]));
      started = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = s.colour;
    ctx.fillText(s.label, 44 + k * 78, 18);
  });
}

/** The 1-D world: p_data, p_g (kernel density of the fakes), trained D and the optimal D*. */
export function drawWorld1D(canvas: HTMLCanvasElement, f: Frame1D): void {
  const peak = Math.max(...f.pData, ...f.pG, 1e-6);
  // Densities scaled into [0, 1] with D and D*, so that all four share one axis.
  drawLines(
    canvas,
    [
      { label: 'p_data', colour: REAL, xs: f.xs, ys: f.pData.map((v) => v / peak) },
      { label: 'p_g', colour: FAKE, xs: f.xs, ys: f.pG.map((v) => v / peak) },
      { label: 'D(x)', colour: D_COLOUR, xs: f.xs, ys: f.d },
      { label: 'D*(x)', colour: D_STAR, xs: f.xs, ys: f.dStar, dashed: true },
    ],
    [0, 1.05],
  );
}
