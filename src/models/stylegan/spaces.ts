/**
 * A StyleGAN generator seen from its intermediate latent space W (Karras et al. 2019, §3): the mapping
 * f: z → w on its own, and synthesis models whose input is a row of W — one w for every layer (W, the
 * space the paper interpolates and truncates in) or one w per layer flattened to L·D numbers (W+,
 * Abdal et al. 2019's Image2StyleGAN, the usual space of per-layer inversion). The models share the
 * synthesis network's layers and weights with the composite generator, so they see the trained
 * weights without a copy and hold no weights of their own: disposing the composite generator frees
 * them (dispose only that — tfjs-layers would count the shared synthesis network twice).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { forward } from '../forward.js';
import type { StyleParts } from './generator.js';

/** The two ways a row of codes feeds the synthesis network. */
export type StyleInput = 'w' | 'w+';

/** w = f(z) for latents `z` ([N, latentDim]): [N, wDim]. */
export function mapLatents(parts: StyleParts, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => forward(parts.mapping, z, { training: false }) as tf.Tensor2D);
}

/** The width of w (the mapping network's output). */
export function wWidth(parts: StyleParts): number {
  return parts.mapping.outputs[0].shape[1] as number;
}

/**
 * A model from rows of W to images: `w` takes [N, D] and gives every synthesis layer the same style
 * (tfjs's RepeatVector), `w+` takes [N, L·D] — layer i's style in columns i·D … (i + 1)·D − 1.
 */
export function synthesisFrom(parts: StyleParts, input: StyleInput): tfl.LayersModel {
  const d = wWidth(parts);
  const l = parts.numLayers;
  const row = tfl.input({ shape: [input === 'w' ? d : l * d], name: input === 'w' ? 'w' : 'w_plus' });
  const styles =
    input === 'w'
      ? tfl.layers.repeatVector({ n: l, name: 'broadcast_w' }).apply(row)
      : tfl.layers.reshape({ targetShape: [l, d], name: 'layers_of_w_plus' }).apply(row);
  const image = parts.synthesis.apply(styles as tfl.SymbolicTensor) as tfl.SymbolicTensor;
  return tfl.model({ inputs: row, outputs: image, name: `synthesis_from_${input === 'w' ? 'w' : 'w_plus'}` });
}
