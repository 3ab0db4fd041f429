/**
 * The compute floor of a training step: the time its convolution and matrix-multiply kernels take when
 * they run alone, one after another, with nothing between them — no element-wise work, no tape, no
 * optimizer bookkeeping. The step is recorded once (each such kernel's name, input shapes and attributes,
 * in order), then replayed on fresh random inputs of the same shapes. On the native backend these are
 * the oneDNN primitives and sgemm calls of the step, so `step time / floor` says how much of a step is
 * everything else: the number the engine work tries to bring down (issue 18 asks for ≤ 1.5× on
 * dcgan-fashion). The replay goes through `tf.engine().runKernel`, so it still pays tfjs's dispatch cost
 * per call (no tape); that is a few tens of calls per step, well under a millisecond.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Trainer } from '../train/trainer.js';
import { median } from '../util/median.js';

/** The kernels whose time is the floor: convolutions, their two gradients, and matrix multiplies. */
const FLOOR_KERNELS: readonly string[] = [
  tf.Conv2D,
  tf.FusedConv2D,
  tf.Conv2DBackpropInput,
  tf.Conv2DBackpropFilter,
  tf.DepthwiseConv2dNative,
  tf.FusedDepthwiseConv2D,
  tf.DepthwiseConv2dNativeBackpropInput,
  tf.DepthwiseConv2dNativeBackpropFilter,
  tf.BatchMatMul,
  tf._FusedMatMul,
];

/**
 * One recorded kernel call: what is needed to run it again on inputs of the same shapes. Each input is
 * a slot: calls that read the same tensor in the step (a forward's input again in its filter gradient,
 * one dy in both gradients, a weight in every forward) read the same slot in the replay.
 */
interface RecordedCall {
  kernel: string;
  inputs: Record<string, number>;
  attrs: tf.NamedAttrMap;
}

interface Recording {
  calls: RecordedCall[];
  slots: { shape: number[]; dtype: tf.DataType }[];
}

export interface FloorMeasurement {
  /** Median over the replays of the time all recorded calls take, in ms. */
  ms: number;
  /** Kernel calls in one step that count towards the floor. */
  calls: number;
  /** Median ms and calls per kernel name, costliest first. */
  kernels: { kernel: string; ms: number; calls: number }[];
}

/**
 * Records the floor kernels of one `trainer.trainStep()` (the step does run and update the networks),
 * then replays them `replays` times on the active backend and returns the median. Run warm-up steps
 * first so that primitive caches are as they are in timed steps.
 */
export async function measureFloor(trainer: Trainer, replays = 5): Promise<FloorMeasurement> {
  const { calls, slots } = recordStep(trainer);
  const totals: number[] = [];
  const perKernel = new Map<string, number[]>();
  for (let r = 0; r < replays; r++) {
    // Fresh tensors for every replay: the native backend caches an input's reordered (blocked) copy by
    // buffer for as long as the buffer lives, and every step's weights and activations are new
    // buffers, so tensors kept across replays would skip reorders that each real step does.
    const tensors = slots.map(({ shape, dtype }) =>
      dtype === 'float32' ? tf.randomNormal(shape, 0, 1, 'float32', r) : tf.zeros(shape, dtype),
    );
    const byKernel = new Map<string, number>();
    let total = 0;
    try {
      for (const call of calls) {
        const inputs = Object.fromEntries(
          Object.entries(call.inputs).map(([name, slot]) => [name, tensors[slot]]),
        );
        const t = performance.now();
        const out = tf.engine().runKernel(call.kernel, inputs, call.attrs);
        const ms = performance.now() - t;
        tf.dispose(out as tf.Tensor | tf.Tensor[]);
        total += ms;
        byKernel.set(call.kernel, (byKernel.get(call.kernel) ?? 0) + ms);
      }
    } finally {
      tf.dispose(tensors);
    }
    totals.push(total);
    for (const [k, ms] of byKernel) perKernel.set(k, [...(perKernel.get(k) ?? []), ms]);
  }
  const count = (k: string) => calls.filter((c) => c.kernel === k).length;
  return {
    ms: median(totals),
    calls: calls.length,
    kernels: [...perKernel]
      .map(([kernel, ms]) => ({ kernel, ms: median(ms), calls: count(kernel) }))
      .sort((a, b) => b.ms - a.ms),
  };
}

/**
 * Runs one step with every floor kernel of the active backend wrapped so that it notes its inputs'
 * shapes and its attributes, and restores the original kernels afterwards (also when the step throws).
 */
function recordStep(trainer: Trainer): Recording {
  const backend = tf.getBackend();
  const calls: RecordedCall[] = [];
  const slots: Recording['slots'] = [];
  const slotOf = new Map<object, number>();
  const slot = (t: tf.TensorInfo) => {
    let s = slotOf.get(t.dataId);
    if (s === undefined) {
      s = slots.push({ shape: [...t.shape], dtype: t.dtype }) - 1;
      slotOf.set(t.dataId, s);
    }
    return s;
  };
  const originals = FLOOR_KERNELS.map((k) => tf.getKernel(k, backend)).filter(
    (k): k is tf.KernelConfig => k !== undefined,
  );
  for (const config of originals) {
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        calls.push({
          kernel: config.kernelName,
          inputs: Object.fromEntries(
            Object.entries(args.inputs).flatMap(([name, t]) => (t == null ? [] : [[name, slot(t)]])),
          ),
          attrs: { ...args.attrs },
        });
        return config.kernelFunc(args);
      },
    });
  }
  try {
    trainer.trainStep();
  } finally {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backend);
      tf.registerKernel(config);
    }
  }
  return { calls, slots };
}

/** The floor as report lines: its time, the step's multiple of it (against `target`), its kernels. */
export function formatFloor(
  f: FloorMeasurement & { target?: number },
  stepMs: number,
  indent: string,
): string[] {
  const ratio = stepMs / f.ms;
  const goal =
    f.target === undefined
      ? ''
      : `; target ≤ ${f.target.toFixed(1)}×: ${ratio <= f.target ? 'met' : 'MISSED'}`;
  return [
    `${indent}compute floor (the step's ${f.calls} convolution/matmul calls replayed alone): ${f.ms.toFixed(1)} ms; native step = ${ratio.toFixed(2)}× the floor${goal}`,
    `${indent}  ${f.kernels.map((k) => `${k.kernel} ${k.ms.toFixed(1)} ms ×${k.calls}`).join(', ')}`,
  ];
}
