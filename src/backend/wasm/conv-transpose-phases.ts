/**
 * Transposed convolution (Conv2DBackpropInput) by output phase, for gankit's wasm kernel. Split by the
 * residues of ih + top and iw + left modulo the strides, each phase is a stride-1 convolution of dy
 * with the flipped sub-filter of the taps that reach it:
 *
 *   ih + top = q·sh + rh  ⇒  dx[ih] = Σ_j dy[q − j] · W[rh + j·sh]
 *
 * so the transposed convolution becomes sh·sw XNNPACK convolutions with no wasted multiplications
 * (inserting zeros into dy instead would multiply sh·sw times as many), and their outputs are
 * interleaved into dx.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvGeometry, callWasmKernel, heapF32 } from './kernel-utils.js';

/** Along one spatial axis: which taps and which input positions one output phase involves. */
interface PhaseAxis {
  /** The residue r: taps r, r + s, r + 2s, … */
  r: number;
  /** Number of taps. */
  taps: number;
  /** First q (ix = q·s + r − pad) inside the input, and how many follow. */
  q0: number;
  count: number;
  /** Padding of dy before and after for a stride-1 'valid' correlation; negative means crop. */
  before: number;
  after: number;
}

function phaseAxis(r: number, k: number, s: number, pad: number, inSize: number, outSize: number): PhaseAxis {
  const taps = Math.max(0, Math.ceil((k - r) / s));
  const q0 = Math.ceil((pad - r) / s);
  const count = Math.floor((inSize - 1 + pad - r) / s) - q0 + 1;
  const before = taps - 1 - q0;
  const after = count + taps - 1 - before - outSize;
  return { r, taps, q0, count, before, after };
}

/** The flipped sub-filter of one phase, [taps_h, taps_w, outC, inC], written on the heap. */
function subFilter(
  backend: BackendWasm,
  filter: TensorInfo,
  ph: PhaseAxis,
  pw: PhaseAxis,
  s: number[],
): TensorInfo {
  const [, kw, ci, co] = filter.shape;
  const out = backend.makeOutput([ph.taps, pw.taps, co, ci], 'float32');
  const w = heapF32(backend, filter);
  const f = heapF32(backend, out);
  let at = 0;
  for (let jh = ph.taps - 1; jh >= 0; jh--) {
    for (let jw = pw.taps - 1; jw >= 0; jw--) {
      const tap = ((ph.r + jh * s[0]) * kw + pw.r + jw * s[1]) * ci * co;
      for (let o = 0; o < co; o++) for (let i = 0; i < ci; i++) f[at++] = w[tap + i * co + o];
    }
  }
  return out;
}

/** Copies one phase's result [batch, count_h, count_w, inC] to its rows and columns of dx (NHWC). */
function interleave(
  part: Float32Array,
  dx: Float32Array,
  ph: PhaseAxis,
  pw: PhaseAxis,
  g: ConvGeometry,
): void {
  const { batchSize, inHeight, inWidth, inChannels: c, strideHeight, strideWidth } = g;
  let src = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let t = 0; t < ph.count; t++) {
      const ih = (ph.q0 + t) * strideHeight + ph.r - g.padInfo.top;
      for (let u = 0; u < pw.count; u++, src += c) {
        const iw = (pw.q0 + u) * strideWidth + pw.r - g.padInfo.left;
        const at = ((b * inHeight + ih) * inWidth + iw) * c;
        for (let i = 0; i < c; i++) dx[at + i] = part[src + i];
      }
    }
  }
}

/** dy cropped where a phase needs negative padding, as a borrowed or owned tensor. */
function cropped(backend: BackendWasm, dy: TensorInfo, ph: PhaseAxis, pw: PhaseAxis, owned: TensorInfo[]) {
  if (ph.before >= 0 && ph.after >= 0 && pw.before >= 0 && pw.after >= 0) return dy;
  const [n, h, w, c] = dy.shape;
  const top = Math.max(0, -ph.before);
  const left = Math.max(0, -pw.before);
  const size = [n, h - top - Math.max(0, -ph.after), w - left - Math.max(0, -pw.after), c];
  const out = callWasmKernel(backend, 'Slice', { x: dy }, { begin: [0, top, left, 0], size });
  owned.push(out);
  return out;
}

/**
 * dx (NHWC, a new tensor the caller owns) from dy (NHWC) and the filter, phase by phase.
 */
export function transposedConvByPhases(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  const strides = [g.strideHeight, g.strideWidth];
  const toDispose: TensorInfo[] = [];
  const parts: { ph: PhaseAxis; pw: PhaseAxis; out: TensorInfo }[] = [];
  for (let rh = 0; rh < g.strideHeight; rh++) {
    const ph = phaseAxis(rh, g.filterHeight, g.strideHeight, g.padInfo.top, g.inHeight, g.outHeight);
    for (let rw = 0; rw < g.strideWidth; rw++) {
      const pw = phaseAxis(rw, g.filterWidth, g.strideWidth, g.padInfo.left, g.inWidth, g.outWidth);
      // No rows or columns of this phase, or no tap reaches them (then they stay zero).
      if (ph.count <= 0 || pw.count <= 0 || ph.taps === 0 || pw.taps === 0) continue;
      const f = subFilter(backend, filter, ph, pw, strides);
      toDispose.push(f);
      const pad = [
        [0, 0],
        [Math.max(0, ph.before), Math.max(0, ph.after)],
        [Math.max(0, pw.before), Math.max(0, pw.after)],
        [0, 0],
      ];
      const x = cropped(backend, dy, ph, pw, toDispose);
      const out = callWasmKernel(
        backend,
        'Conv2D',
        { x, filter: f },
        { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 },
      );
      toDispose.push(out);
      parts.push({ ph, pw, out });
    }
  }
  const dx = backend.makeOutput([g.batchSize, g.inHeight, g.inWidth, g.inChannels], 'float32');
  const dxView = heapF32(backend, dx);
  if (parts.length < g.strideHeight * g.strideWidth) dxView.fill(0);
  for (const { ph, pw, out } of parts) interleave(heapF32(backend, out), dxView, ph, pw, g);
  for (const t of toDispose) backend.disposeData(t.dataId);
  return dx;
}
