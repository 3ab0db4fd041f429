/**
 * Conv2D and FusedConv2D for the wasm backend: the package's kernels with 'same' padding handed to
 * XNNPACK as the explicit padding tfjs computes. With 'same', the package lets XNNPACK derive the
 * padding itself, which goes wrong when a filter is smaller than its stride and the last window
 * stops short of the image's end (e.g. 2×2 stride 3 on 9×9: every output differs from the cpu
 * backend). Explicit padding makes both agree by construction; other paddings pass through unchanged.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Conv2D,
  type Conv2DAttrs,
  FusedConv2D,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
  backend_util,
} from '@tensorflow/tfjs-core';
import { callWasmKernel } from './kernel-utils.js';

/** `attrs` with a 'same' pad replaced by tfjs's explicit [[0, 0], [top, bottom], [left, right], [0, 0]]. */
function explicitSame(x: TensorInfo, filter: TensorInfo, attrs: Conv2DAttrs): Conv2DAttrs {
  if (attrs.pad !== 'same') return attrs;
  const { padInfo } = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    'same',
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  const pad: backend_util.ExplicitPadding = [
    [0, 0],
    [padInfo.top, padInfo.bottom],
    [padInfo.left, padInfo.right],
    [0, 0],
  ];
  return { ...attrs, pad };
}

function withExplicitSame(kernelName: string): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const x = inputs.x as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const fixed = explicitSame(x, filter, attrs as unknown as Conv2DAttrs);
    return callWasmKernel(
      backend as BackendWasm,
      kernelName,
      inputs as Record<string, TensorInfo>,
      fixed as unknown as NamedAttrMap,
    );
  };
}

/** Registers as `Conv2D` for `wasm`, in place of the built-in kernel (which it calls). */
export const conv2DConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'wasm',
  kernelFunc: withExplicitSame(Conv2D),
};

/** Registers as `FusedConv2D` for `wasm`, in place of the built-in kernel (which it calls). */
export const fusedConv2DConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'wasm',
  kernelFunc: withExplicitSame(FusedConv2D),
};
