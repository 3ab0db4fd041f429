/**
 * Which tfjs kernels a piece of work invokes, and which of them a backend does not register. Used to
 * check that a backend can run a training step before it is chosen, and in tests to keep the wasm
 * backend complete as models gain layers.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `work` once under `tf.profile` on the active backend and returns the names of the kernels it
 * invoked, forward and backward (sorted). Custom-gradient ops appear in a profile under their scope
 * name; they are not kernels (their pieces are recorded one by one), so only names registered for the
 * active backend are kept. Tensors `work` returns are disposed.
 */
export async function recordKernels(work: () => unknown): Promise<string[]> {
  const backendName = tf.getBackend();
  const info = await tf.profile(() => {
    const out = work();
    return isTensorContainer(out) ? out : undefined;
  });
  tf.dispose(info.result);
  return info.kernelNames.filter((name) => tf.getKernel(name, backendName) != null).sort();
}

function isTensorContainer(x: unknown): x is tf.TensorContainer {
  return x instanceof tf.Tensor || (typeof x === 'object' && x !== null && !ArrayBuffer.isView(x));
}

/** The kernel names among `kernelNames` that have no kernel registered for `backendName`. */
export function unregisteredKernels(kernelNames: Iterable<string>, backendName: string): string[] {
  return [...new Set(kernelNames)].filter((name) => tf.getKernel(name, backendName) == null).sort();
}

/**
 * Records the kernels `work` invokes on `referenceBackend` (which must implement all of them, e.g.
 * `cpu`), then returns those that `backendName` does not register: what would fail there. The
 * previously active backend is restored.
 */
export async function kernelsMissingOn(
  backendName: string,
  work: () => unknown,
  referenceBackend = 'cpu',
): Promise<string[]> {
  const previous = tf.getBackend();
  await tf.setBackend(referenceBackend);
  try {
    return unregisteredKernels(await recordKernels(work), backendName);
  } finally {
    await tf.setBackend(previous);
  }
}
