/**
 * Conv2DBackpropInput for the wasm backend: the gradient of Conv2D with respect to its input, and the
 * forward pass of Conv2DTranspose (the generator's upsampling layer). tfjs-backend-wasm 4.22 has one,
 * but as a direct loop that takes over a second for the seed-002 generator's first layer at batch 64;
 * this one replaces it.
 *
 *   dx[b, ih, iw, ci] = Σ_{oh, ow, kh, kw : ih = oh·sh + kh − top, iw = ow·sw + kw − left}
 *                       Σ_co dy[b, oh, ow, co] · W[kh, kw, ci, co]
 *
 * Two algorithms, both on XNNPACK: per-phase convolutions (conv-transpose-phases.ts) when dx has many
 * channels, a matmul plus col2im (conv-transpose-matmul.ts) when it has few. Measured on the seed-002
 * shapes (batch 64): 64 channels, phases ≈20 % faster; 1 channel, matmul ≈3× faster.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { transposedConvByMatMul } from './conv-transpose-matmul.js';
import { transposedConvByPhases } from './conv-transpose-phases.js';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, convGradOperands, transpose } from './kernel-utils.js';

/** From this many channels of dx on, per-phase convolutions beat matmul + col2im. */
export const PHASES_MIN_CHANNELS = 16;

function conv2DBackpropInput(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const filter = args.inputs.filter as TensorInfo;
  const nchw = attrs.dataFormat === 'NCHW';
  const toDispose: TensorInfo[] = [];
  let dyNhwc = args.inputs.dy as TensorInfo;
  if (nchw) {
    dyNhwc = transpose(backend, dyNhwc, NCHW_TO_NHWC);
    toDispose.push(dyNhwc);
  }
  const inShape = nchw ? NCHW_TO_NHWC.map((d) => attrs.inputShape[d]) : attrs.inputShape;
  const { g, dy } = convGradOperands(
    backend,
    Conv2DBackpropInput,
    inShape,
    filter.shape,
    dyNhwc,
    false,
    attrs,
    toDispose,
  );
  const algorithm = g.inChannels >= PHASES_MIN_CHANNELS ? transposedConvByPhases : transposedConvByMatMul;
  let dx = algorithm(backend, dy, filter, g);
  if (nchw) {
    toDispose.push(dx);
    dx = transpose(backend, dx, NHWC_TO_NCHW);
  }
  for (const t of toDispose) backend.disposeData(t.dataId);
  return dx;
}

/** Registers as `Conv2DBackpropInput` for `wasm`, in place of the built-in kernel. */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
