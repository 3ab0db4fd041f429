/**
 * The contract between image models and the metrics: a feature extractor turns a batch of images into
 * feature rows (FID, KID, PR, DC, NDB) and, if it is a classifier, into class probabilities (IS,
 * class coverage). Inception-v3 (user-supplied), the project's MNIST/Fashion-MNIST classifiers and any
 * user tfjs model all sit behind this one interface.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { FeatureMatrix } from '../types.js';

export interface FeatureExtractor {
  /** Human-readable identity, reported next to FID values (FIDs from different extractors differ). */
  readonly name: string;
  /** Image shape the extractor expects, [height, width, channels], and the value range. */
  readonly inputShape: readonly [number, number, number];
  readonly inputRange: readonly [number, number];
  /** Feature rows [n, d] for images [n, h, w, c]; the tensor is not disposed. */
  features(images: tf.Tensor4D): Promise<FeatureMatrix>;
  /** Class probabilities [n, classes] (rows sum to 1), for classifiers only. */
  probabilities?(images: tf.Tensor4D): Promise<FeatureMatrix>;
}

/** Options shared by the extractors built from a user's model file (LayersModel or GraphModel). */
export interface ModelExtractorOptions {
  /**
   * Whether the model's final output is logits rather than probabilities (softmax is then applied).
   * Default: detected, true unless the model ends in a softmax.
   */
  outputIsLogits?: boolean;
  /** Images per forward pass (default 256, fewer for large images): bounds memory, not results. */
  batchSize?: number;
  /**
   * Value range the model was trained on (default [-1, 1], the generators' tanh range); images are
   * rescaled to it. Inception-v3 from TF-Hub expects [0, 1], Keras' InceptionV3 [-1, 1].
   */
  inputRange?: readonly [number, number];
}
