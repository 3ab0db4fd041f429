/**
 * The project's feature network for 28×28 grey-scale data sets (MNIST, Fashion-MNIST): a small CNN
 * whose 128-unit penultimate layer (`features`) gives the FID/KID/PR feature rows and whose softmax
 * output (`probabilities`) gives IS and class coverage. It stands in for Inception-v3, which is
 * neither available offline nor meaningful on 28×28 digits.
 *
 *     input 28×28×1 in [−1, 1]
 *     conv 3×3×32, ReLU → max-pool 2 → conv 3×3×64, ReLU → max-pool 2 → flatten
 *     dense 128, ReLU (`features`) → dense 10, softmax (`probabilities`)
 *
 * Training is seeded end to end — initialisers, batch order — so a given data set, seed and step count
 * always yield the same weights (on the same backend).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Sequential, initializers, layers, sequential } from '@tensorflow/tfjs-layers';
import { Rng } from '../../util/rng.js';

/** Name of the feature layer, for {@link layersModelExtractor}. */
export const FEATURE_LAYER = 'features';

/** A freshly initialised classifier for 28×28×1 images and `classes` classes (default 10). */
export function buildDigitClassifier(seed: number, classes = 10): Sequential {
  // Distinct seeds per layer: the same seed would give correlated initial kernels.
  const init = (k: number) => initializers.glorotUniform({ seed: seed * 16 + k });
  const model = sequential({
    layers: [
      layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }),
      layers.maxPooling2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(3), name: FEATURE_LAYER }),
      layers.dense({
        units: classes,
        activation: 'softmax',
        kernelInitializer: init(4),
        name: 'probabilities',
      }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** Options of {@link trainDigitClassifier}. */
export interface TrainClassifierOptions {
  epochs: number;
  batchSize: number;
  /** Seeds the batch order. */
  seed: number;
  /** Called after each epoch with the mean training loss and accuracy. */
  onEpoch?: (epoch: number, loss: number, accuracy: number) => void;
}

/**
 * Trains on images [n, 28, 28, 1] in [−1, 1] and integer labels [n] with a seeded shuffle per epoch
 * (`model.fit`'s own shuffle draws from Math.random and would not be reproducible).
 */
export async function trainDigitClassifier(
  model: Sequential,
  images: tf.Tensor4D,
  labels: tf.Tensor1D,
  options: TrainClassifierOptions,
): Promise<void> {
  const n = images.shape[0];
  const rng = new Rng(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = rng.permutation(n);
    let loss = 0;
    let accuracy = 0;
    let batches = 0;
    for (let start = 0; start < n; start += options.batchSize) {
      const idx = tf.tensor1d(
        Int32Array.from(order.subarray(start, Math.min(n, start + options.batchSize))),
        'int32',
      );
      const x = tf.gather(images, idx);
      const y = tf.gather(labels, idx);
      const [l, a] = (await model.trainOnBatch(x, y)) as number[];
      tf.dispose([idx, x, y]);
      loss += l;
      accuracy += a;
      batches++;
    }
    options.onEpoch?.(epoch, loss / batches, accuracy / batches);
  }
}
