/**
 * The run's shipped classifier cut at its feature layer, as a differentiable function of the run's
 * images — the feature-space term of an inversion loss (a perceptual distance through a network trained
 * on the data, as image-to-latent inversion uses VGG features for photos).
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, model as functionalModel } from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../config/types.js';
import { fileSystemHandler } from '../io/tfjsFiles.js';
import { FEATURE_LAYER } from '../metrics/extractors/digitClassifier.js';
import { shippedExtractorPath, toExtractorInput } from '../train/evaluate.js';

/** A differentiable image → feature map and its release. */
export interface FeatureNet {
  /** Features [n, d] of images [n, h, w, c] in the run's pixel range. */
  features(images: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

/** The run's classifier features, or undefined when its dataset ships no classifier. */
export async function loadFeatureNet(config: GanConfig): Promise<FeatureNet | undefined> {
  const file = shippedExtractorPath(config);
  if (!file) return undefined;
  const full = await loadLayersModel(fileSystemHandler(file));
  const cut = functionalModel({ inputs: full.inputs, outputs: full.getLayer(FEATURE_LAYER).output });
  const [, h, w, c] = full.inputs[0].shape as number[];
  const spec = { inputShape: [h, w, c] as const, inputRange: [-1, 1] as const };
  return {
    features: (images) =>
      tf.tidy(() => {
        const y = cut.apply(toExtractorInput(spec, config.data.range, images), {
          training: false,
        }) as tf.Tensor;
        return tf.reshape(y, [images.shape[0], -1]) as tf.Tensor2D;
      }),
    dispose: () => full.dispose(),
  };
}
