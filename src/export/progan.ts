/**
 * ProGAN's generator (src/models/progan/generator.ts) as standard tfjs layers at the growth state it
 * was saved in (see src/export/standard-graph.ts for the pieces): z → pixel norm → dense (its bias,
 * added per channel after the reshape, baked as the dense's bias tiled over the 4×4 positions) →
 * LReLU → PN → conv → LReLU → PN, then each grown level (nearest 2× upsampling, two convolutions with
 * LReLU and PN), its toRGB, and, mid-fade (0 < α < 1), the previous level's toRGB upsampled, the two
 * blended as (1 − α)·low + α·high with the factors baked into the two toRGB kernels and biases. Past
 * the last fade (α = 1) the output is the new level's toRGB alone, as gankit computes it. The image is
 * then upsampled (nearest) to the final resolution, as the growing layer does.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ProganGenerator } from '../models/progan/generator.js';
import type { EqualizedConv2D } from '../nn/equalized.js';
import { PIXEL_NORM_EPSILON } from '../nn/pixel-norm.js';
import { StandardGraph } from './standard-graph.js';

/** ProGAN's LeakyReLU slope. */
const ALPHA = 0.2;

/** The standard-layer equivalent of a ProGAN generator, or undefined for another model. Build in tf.tidy. */
export function standardProgan(model: tfl.LayersModel): tfl.LayersModel | undefined {
  const g = model.layers[0];
  if (!(model.layers.length === 1 && g instanceof ProganGenerator)) return undefined;
  const { level, alpha } = g.growth();
  const parts = g.levelLayers(level);
  const graph = new StandardGraph();
  const latentDim = model.inputs[0].shape[1]!;
  const nf0 = parts.bias.shape[0];
  const z = tfl.input({ shape: [latentDim], name: 'z' });
  const act = (x: tfl.SymbolicTensor) => graph.pixelNorm(graph.leakyRelu(x, ALPHA), PIXEL_NORM_EPSILON);
  const conv = (x: tfl.SymbolicTensor, layer: EqualizedConv2D) => graph.equalized(x, layer, 'conv');

  const { kernel } = parts.dense.inferenceWeights();
  const dense = graph.dense(graph.pixelNorm(z, PIXEL_NORM_EPSILON), kernel, tf.tile(parts.bias, [16]));
  let x = act(conv(act(graph.reshape(dense, [4, 4, nf0])), parts.conv));
  let previous: tfl.SymbolicTensor | undefined;
  for (const [conv0, conv1] of parts.blocks) {
    previous = x;
    x = act(conv(act(conv(graph.upsample(x, 2), conv0)), conv1));
  }
  const rgb = (features: tfl.SymbolicTensor, layer: EqualizedConv2D, factor: number) => {
    const w = layer.inferenceWeights();
    return factor === 1
      ? graph.conv(features, w.kernel, w.bias)
      : graph.conv(features, tf.mul(w.kernel, factor), w.bias && tf.mul(w.bias, factor));
  };
  let image =
    previous && alpha < 1
      ? graph.add([
          graph.upsample(rgb(previous, parts.toRgb[level - 1], 1 - alpha), 2),
          rgb(x, parts.toRgb[level], alpha),
        ])
      : rgb(x, parts.toRgb[level], 1);
  if (level < g.finalLevel) image = graph.upsample(image, 2 ** (g.finalLevel - level));
  return graph.finish([z], image, 'generator');
}
