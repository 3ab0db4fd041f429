/**
 * The project's feature networks for the built-in data sets: small CNNs whose 128-unit penultimate layer
 * (`features`) gives the FID/KID/PR feature rows and whose softmax output (`probabilities`) gives IS and
 * class coverage. They stand in for Inception-v3, which is neither available offline nor meaningful on
 * 28×28 digits or 32×32 emoji; FIDs measured with them are not Inception FIDs.
 *
 *     input h×w×c in [−1, 1]
 *     per entry f of `filters`: conv 3×3×f, ReLU → max-pool 2      (valid padding)
 *     flatten → dense 128, ReLU (`features`) → dense `classes`, softmax (`probabilities`)
 *
 * {@link DIGIT_CLASSIFIER} (MNIST, Fashion-MNIST: 28×28×1, filters 32, 64) and {@link EMOJI_CLASSIFIER}
 * (the `emoji` categories: 32×32×3, filters 32, 64, 128) are the shipped ones (models/, trained by
 * examples/train-classifier.ts). Training is seeded end to end — initialisers, batch order, flips — so a
 * given data set, seed and epoch count always yield the same weights (on the same backend).
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Sequential, initializers, layers, sequential } from '@tensorflow/tfjs-layers';
import type { ImageShape } from '../../models/types.js';
import { Rng } from '../../util/rng.js';

/** Name of the feature layer, for {@link layersModelExtractor}. */
export const FEATURE_LAYER = 'features';

/** The shape of a classifier: its input, its convolution widths, its class count. */
export interface ClassifierSpec {
  inputShape: ImageShape;
  /** Filters of each conv + max-pool block. */
  filters: readonly number[];
  classes: number;
}

/** The MNIST / Fashion-MNIST feature network. */
export const DIGIT_CLASSIFIER: ClassifierSpec = { inputShape: [28, 28, 1], filters: [32, 64], classes: 10 };

/** The feature network of the `emoji` dataset's 10 categories (64×64 runs are average-pooled to it). */
export const EMOJI_CLASSIFIER: ClassifierSpec = {
  inputShape: [32, 32, 3],
  filters: [32, 64, 128],
  classes: 10,
};

/** A freshly initialised, compiled classifier of `spec` (Adam 1e-3, sparse cross-entropy). */
export function buildClassifier(seed: number, spec: ClassifierSpec = DIGIT_CLASSIFIER): Sequential {
  // Distinct seeds per layer: the same seed would give correlated initial kernels.
  const init = (k: number) => initializers.glorotUniform({ seed: seed * 16 + k });
  const convs = spec.filters.flatMap((filters, i) => [
    layers.conv2d({
      ...(i === 0 ? { inputShape: [...spec.inputShape] } : {}),
      filters,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: init(i + 1),
    }),
    layers.maxPooling2d({ poolSize: 2 }),
  ]);
  const k = spec.filters.length;
  const model = sequential({
    layers: [
      ...convs,
      layers.flatten(),
      layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(k + 1), name: FEATURE_LAYER }),
      layers.dense({
        units: spec.classes,
        activation: 'softmax',
        kernelInitializer: init(k + 2),
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

/** Options of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  epochs: number;
  batchSize: number;
  /** Seeds the batch order and the flips. */
  seed: number;
  /**
   * Mirror each training image left–right with probability ½ (a seeded draw per image and epoch): for
   * data whose class does not depend on handedness (emoji categories), not for digits.
   */
  flip?: boolean;
  /** Called after each epoch with the mean training loss and accuracy. */
  onEpoch?: (epoch: number, loss: number, accuracy: number) => void;
}

/**
 * Trains on images [n, h, w, c] in [−1, 1] and integer labels [n] with a seeded shuffle per epoch
 * (`model.fit`'s own shuffle draws from Math.random and would not be reproducible).
 */
export async function trainClassifier(
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
      const rows = order.subarray(start, Math.min(n, start + options.batchSize));
      const flips = options.flip ? Float32Array.from(rows, () => rng.int(2)) : undefined;
      const [x, y] = tf.tidy(() => {
        const idx = tf.tensor1d(Int32Array.from(rows), 'int32');
        let batch = tf.gather(images, idx);
        if (flips) {
          const mask = tf.tensor4d(flips, [rows.length, 1, 1, 1]);
          batch = tf.add(tf.mul(tf.reverse(batch, 2), mask), tf.mul(batch, tf.sub(1, mask)));
        }
        return [batch, tf.gather(labels, idx)];
      });
      const [l, a] = (await model.trainOnBatch(x, y)) as number[];
      tf.dispose([x, y]);
      loss += l;
      accuracy += a;
      batches++;
    }
    options.onEpoch?.(epoch, loss / batches, accuracy / batches);
  }
}
