/**
 * Gradient checkpointing (Chen et al. 2016, "Training Deep Nets with Sublinear Memory Cost"; seed 001's
 * "make the nets more efficient"): trade compute for memory. Normally backpropagation keeps every
 * intermediate activation of the forward pass until the backward pass has used it, so peak memory grows
 * with depth × batch × width. A checkpointed segment keeps only its inputs; in the backward pass it runs
 * its forward again and backpropagates through that fresh copy, whose intermediates are freed as soon
 * as the segment's gradients are out. With L layers in segments of k, activation memory falls from
 * O(L) to O(L/k + k) — O(√L) at k = √L — for about one extra forward pass (≈ +⅓ of a training step's
 * FLOPs, since the backward costs about twice the forward).
 *
 * Built on `tf.customGrad`, which returns gradients only for its explicit inputs, so a segment is a
 * pure function of (x, ...params): its weights come in as arguments, and the gradients for those
 * arguments flow back to the tf.Variables that the caller passed in (`tf.variableGrads` sees them).
 *
 * Second-order gradients (WGAN-GP, R1) through a segment are exact: inside an outer tape the
 * recomputation and its backward are themselves taped (and so, in that case, kept until the outer
 * backward — no memory saving there).
 *
 * Limits: the recomputed forward must be deterministic (no dropout drawn inside a segment — the
 * recomputation would draw a different mask), and a segment may only read tensors passed as arguments
 * (a closed-over variable would get no gradient).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, layerSeed } from './activation.js';

/** A pure segment: its output from its input x and its parameters, reading no other tensor. */
export type SegmentFn = (x: tf.Tensor, ...params: tf.Tensor[]) => tf.Tensor;

/**
 * Vector–Jacobian product of `fn` at `inputs` with cotangent `dy`, computed by re-running `fn` on a tape
 * of its own. tfjs's engine keeps one active tape: a gradient computation started from inside another
 * one's backward pass (depth 0 again by then) replaces it with a fresh tape and sets it to null when
 * done, which would break the outer pass's clean-up. So the outer tape is put back afterwards. (Inside
 * a higher-order gradient the depth is above 0, the engine appends to the outer tape instead, and
 * putting it back is a no-op.)
 */
function vjp(fn: SegmentFn, inputs: tf.Tensor[], dy: tf.Tensor): tf.Tensor[] {
  const engine = tf.engine();
  const outerTape = engine.state.activeTape;
  try {
    return tf.grads((x: tf.Tensor, ...params: tf.Tensor[]) => fn(x, ...params))(inputs, dy);
  } finally {
    engine.state.activeTape = outerTape;
  }
}

/**
 * `fn` with recomputation in the backward pass: same value, same gradients w.r.t. x and every param,
 * but the forward pass stores only its inputs instead of `fn`'s intermediates. Every param must
 * influence the output (tfjs's gradient raises otherwise).
 *
 * Inputs that are tf.Variables are held by reference, not saved: the engine saves a tensor by cloning
 * it, and on backends whose Identity kernel copies (wasm) saving the weights would duplicate them all.
 * A variable cannot be freed by the forward pass's tidy, so the reference is still valid in the
 * backward pass. Other inputs (activations) are saved: they would not outlive the forward pass.
 */
export function recomputeGrad(fn: SegmentFn): SegmentFn {
  const wrapped = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const inputs = args as tf.Tensor[];
    const isHeld = (t: tf.Tensor) => t instanceof tf.Variable;
    // Kept only while a gradient tape records; the engine frees them after the backward pass.
    save(inputs.filter((t) => !isHeld(t)));
    // customGrad runs this inside a kernel scope: nothing is taped and fn's intermediates are disposed.
    const value = fn(inputs[0], ...inputs.slice(1));
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      let next = 0;
      const restored = inputs.map((t) => (isHeld(t) ? t : saved[next++]));
      return vjp(fn, restored, dy as tf.Tensor);
    };
    return { value, gradFunc };
  });
  return (x, ...params) => wrapped(x, ...params);
}

/** One block of a sequential network: a pure function of its input and its own variables. */
export interface Block {
  /** The block's output; reads only `x` and `params` (in the order of {@link Block.params}). */
  fn: (x: tf.Tensor, params: readonly tf.Tensor[]) => tf.Tensor;
  /** The block's variables, passed to `fn` as `params`. */
  params: tf.Variable[];
}

export interface SequentialOptions {
  /** Recompute in the backward pass (default true); false runs the same blocks plainly. */
  checkpoint?: boolean;
  /**
   * Consecutive blocks per recomputed segment (default 1). The segment boundaries are what stays in
   * memory, one segment's intermediates are live at a time: k ≈ √(blocks) minimises the sum.
   */
  segmentSize?: number;
}

/** A network built from {@link Block}s. */
export interface Sequential {
  /** The network's output for `x`. */
  apply(x: tf.Tensor): tf.Tensor;
  /** Every block's variables, in block order: the list to give `tf.variableGrads`. */
  variables: tf.Variable[];
}

/**
 * Chains `blocks`; with `checkpoint` (the default) each run of `segmentSize` blocks is one
 * {@link recomputeGrad} segment. Values and gradients are those of the plain chain.
 */
export function checkpointedSequential(blocks: Block[], options: SequentialOptions = {}): Sequential {
  const checkpoint = options.checkpoint ?? true;
  const size = options.segmentSize ?? 1;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`segmentSize must be a positive integer, got ${options.segmentSize}`);
  }
  const segments: { fn: SegmentFn; params: tf.Variable[] }[] = [];
  for (let start = 0; start < blocks.length; start += size) {
    const group = blocks.slice(start, start + size);
    const fn: SegmentFn = (x, ...params) => {
      let offset = 0;
      return group.reduce((h, block) => {
        const own = params.slice(offset, offset + block.params.length);
        offset += block.params.length;
        return block.fn(h, own);
      }, x);
    };
    segments.push({ fn: checkpoint ? recomputeGrad(fn) : fn, params: group.flatMap((b) => b.params) });
  }
  return {
    apply: (x) => tf.tidy(() => segments.reduce((h, s) => s.fn(h, ...s.params), x)),
    variables: blocks.flatMap((b) => b.params),
  };
}

/** What {@link denseBlock} builds. */
export interface DenseBlockOptions {
  inputs: number;
  units: number;
  /** An activation spec as in model configs (`relu`, `leaky_relu(0.2)`, `tanh`, `linear`, …). */
  activation: string;
  /** Seed of the Glorot-uniform kernel (bias starts at zero). */
  seed: number;
}

/** activation(x W + b) as a {@link Block}: the unit of a deep MLP generator. */
export function denseBlock(options: DenseBlockOptions): Block {
  const { inputs, units, seed } = options;
  const act = activationLayer(options.activation, 'denseBlock');
  // tf.tidy frees the initialiser's tensors; variables outlive it.
  const params = tf.tidy(() => [
    tf.variable(tfl.initializers.glorotUniform({ seed: layerSeed(seed, 0) }).apply([inputs, units])),
    tf.variable(tf.zeros([units])),
  ]);
  return {
    params,
    fn: (x, [w, b]) => {
      const y = tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
      return act ? (act.apply(y) as tf.Tensor) : y;
    },
  };
}
