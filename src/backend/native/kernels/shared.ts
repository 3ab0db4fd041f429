/** Helpers shared by the native kernel files. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeBackend } from '../backend.js';

/** Kernel inputs by name; optional inputs (e.g. `bias`) are simply absent. */
export type Inputs = Record<string, tf.TensorInfo>;

/** What a native kernel function receives: tfjs's arguments, typed for this backend. */
export interface NativeKernelArgs {
  inputs: Inputs;
  attrs: tf.NamedAttrMap;
  backend: NativeBackend;
}

/** Whether a kernel call reads or makes complex64 tensors (which live on the cpu fallback). */
function involvesComplex(inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): boolean {
  if (attrs.dtype === 'complex64') return true;
  return Object.values(inputs as Record<string, tf.TensorInfo | tf.TensorInfo[] | undefined>).some((t) =>
    Array.isArray(t) ? t.some((u) => u.dtype === 'complex64') : t?.dtype === 'complex64',
  );
}

/**
 * A kernel config for the native backend (tfjs's registry shape). Calls with complex64 inputs or
 * outputs run on the cpu fallback, where complex tensors are stored.
 */
export function kernel(
  kernelName: string,
  f: (args: NativeKernelArgs) => tf.TensorInfo | tf.TensorInfo[],
): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: (args) => {
      const backend = args.backend as NativeBackend;
      const attrs = args.attrs ?? {};
      if (involvesComplex(args.inputs, attrs))
        return backend.fallback.run(kernelName, args.inputs, attrs, 'complex64');
      return f({ inputs: args.inputs as Inputs, attrs, backend });
    },
  };
}

/** `x`'s storage under another shape (a reference, no copy): Identity, Reshape, ExpandDims. */
export function share(b: NativeBackend, x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  b.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** Runs a float32 element-wise map of the addon (`op` as named in native/src/elementwise.cc). */
export function unaryOp(b: NativeBackend, op: string, x: tf.TensorInfo, alpha = 0, beta = 0): tf.TensorInfo {
  const out = b.makeOutput(x.shape, 'float32');
  b.addon.unary(op, b.id(x), b.id(out), tf.util.sizeFromShape(x.shape), alpha, beta);
  return out;
}

/**
 * Applies a fused kernel's activation in place of a separate kernel call, disposing the input.
 * `prelu` holds the PReLU slopes when activation is 'prelu'.
 */
function applyActivation(
  b: NativeBackend,
  x: tf.TensorInfo,
  activation: string | undefined,
  leakyAlpha: number | undefined,
  prelu: tf.TensorInfo | undefined,
): tf.TensorInfo {
  if (activation === undefined || activation === 'linear') return x;
  let y: tf.TensorInfo;
  if (activation === 'prelu') {
    y = b.makeOutput(x.shape, 'float32');
    b.addon.binary('Prelu', b.id(x), b.id(prelu!), b.id(y), x.shape, prelu!.shape, x.shape, 0);
  } else {
    const op = { relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid', leakyrelu: 'LeakyRelu' }[
      activation
    ];
    if (op === undefined) throw new Error(`native backend: unknown fused activation ${activation}`);
    y = unaryOp(b, op, x, leakyAlpha ?? 0.2);
  }
  b.disposeData(x.dataId);
  return y;
}

/**
 * The tail of a fused kernel (FusedConv2D, _FusedMatMul) after its oneDNN primitive wrote `out`: the
 * bias, unless the primitive already added it (`biasApplied`; a per-channel bias fits in the primitive,
 * a broadcast one does not), then the activation. Intermediate outputs are disposed.
 */
export function fusedEpilogue(
  b: NativeBackend,
  out: tf.TensorInfo,
  inputs: Inputs,
  biasApplied: boolean,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const { bias, preluActivationWeights } = inputs;
  let y = out;
  if (bias !== undefined && !biasApplied) {
    const shape = tf.backend_util.assertAndGetBroadcastShape(out.shape, bias.shape);
    y = b.makeOutput(shape, 'float32');
    b.addon.binary('Add', b.id(out), b.id(bias), b.id(y), out.shape, bias.shape, shape, 0);
    b.disposeData(out.dataId);
  }
  return applyActivation(
    b,
    y,
    attrs.activation as string | undefined,
    attrs.leakyreluAlpha as number | undefined,
    preluActivationWeights,
  );
}
