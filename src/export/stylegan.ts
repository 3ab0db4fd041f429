/**
 * StyleGAN's generator (src/models/stylegan/generator.ts) as standard tfjs layers (pieces in
 * src/export/standard-graph.ts), with two inputs: z [N, latentDim] and ψ [N, 1], the truncation
 * w' = w̄ + ψ·(w − w̄) towards the tracked mean w̄ (baked), applied to every synthesis layer (ψ = 1: no
 * truncation). The mapping and synthesis networks are walked layer by layer in forward.ts's order:
 *  - pixel norm, equalised dense / convolution, LeakyReLU, nearest upsampling: their standard forms;
 *  - `SelectStyle`: w' itself (one w per sample: no style mixing in an export);
 *  - the learned constant: a baked constant;
 *  - noise inputs: the layer's fixed noise image ε (gankit with `randomize` off, the official
 *    `randomize_noise=False`) as x + ε·s, ε a baked constant [H, W, 1] and s a 1×1 convolution to the
 *    channels — fresh noise per call would need a random op, which no standard layer has at inference;
 *  - AdaIN: instance norm (LayerNormalization over H, W), times the style's scale half plus its shift
 *    half, each half its own Dense of w' cut from the style layer's kernel (the scale's +1 baked into
 *    its bias).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type PlanStep, planFor } from '../models/forward.js';
import { ConstantInput, SelectStyle } from '../models/stylegan/layers.js';
import { styleParts } from '../models/stylegan/generator.js';
import { AdaptiveInstanceNorm } from '../nn/adain.js';
import { EqualizedConv2D, EqualizedDense } from '../nn/equalized.js';
import { NoiseInjection } from '../nn/noise-injection.js';
import { PIXEL_NORM_EPSILON, PixelNorm } from '../nn/pixel-norm.js';
import { Upsample2x } from '../nn/resample.js';
import { BLUR_TAPS, Blur2d } from '../nn/blur.js';
import { GankitError } from '../util/errors.js';
import { StandardGraph } from './standard-graph.js';

type Sym = tfl.SymbolicTensor;

/**
 * The standard-layer equivalent of a StyleGAN generator (inputs z and ψ), or undefined for another
 * model. Build in tf.tidy.
 */
export function standardStyleGan(model: tfl.LayersModel): tfl.LayersModel | undefined {
  const parts = styleParts(model);
  if (!parts) return undefined;
  const graph = new StandardGraph();
  const latentDim = model.inputs[0].shape[1]!;
  const z = tfl.input({ shape: [latentDim], name: 'z' });
  const psi = tfl.input({ shape: [1], name: 'psi' });
  const ones = graph.ones(z, latentDim);
  const w = walk(graph, parts.mapping, z, ones);
  const wAverage = parts.broadcast.wAverage;
  const centred = graph.add([w, graph.constant(ones, tf.neg(wAverage))]);
  const truncated = graph.add([graph.multiply([centred, psi]), graph.constant(ones, wAverage)]);
  const image = walk(graph, parts.synthesis, truncated, ones);
  return graph.finish([z, psi], image, 'generator');
}

/** The standard form of functional `net` applied to `input`; `ones` is a column of ones for constants. */
function walk(graph: StandardGraph, net: tfl.LayersModel, input: Sym, ones: Sym): Sym {
  const plan = planFor(net);
  if (!plan || plan.inputs.length !== 1 || plan.outputs.length !== 1)
    throw new GankitError(`cannot export '${net.name}': expected a one-input, one-output network`);
  const values: Sym[] = [];
  values[plan.inputs[0]] = input;
  /** The call that produces each value slot (AdaIN reads its style layer's weights and input). */
  const producer = new Map<number, PlanStep>();
  for (const step of plan.steps) {
    for (const s of step.outputs) producer.set(s, step);
    const ins = step.inputs.map((s) => values[s]);
    const layer = step.layer;
    let out: Sym;
    if (layer instanceof PixelNorm) out = graph.pixelNorm(ins[0], PIXEL_NORM_EPSILON);
    else if (layer instanceof EqualizedDense) out = graph.equalized(ins[0], layer, 'dense');
    else if (layer instanceof EqualizedConv2D) out = graph.equalized(ins[0], layer, 'conv');
    else if (layer instanceof tfl.layers.Layer && layer.getClassName() === 'LeakyReLU')
      out = graph.leakyRelu(ins[0], layer.getConfig().alpha as number);
    else if (layer instanceof Upsample2x) out = graph.upsample(ins[0], 2);
    else if (layer instanceof Blur2d) out = graph.depthwiseFilter(ins[0], BLUR_TAPS);
    else if (layer instanceof SelectStyle) out = ins[0];
    else if (layer instanceof ConstantInput) out = graph.constant(ones, layer.constant);
    else if (layer instanceof NoiseInjection) {
      const { noise, scale } = layer.fixedNoise();
      const image = graph.constant(ones, noise);
      out = graph.add([ins[0], graph.conv(image, tf.reshape(scale, [1, 1, 1, scale.shape[0]]))]);
    } else if (layer instanceof AdaptiveInstanceNorm) {
      const style = producer.get(step.inputs[1]);
      if (!(style?.layer instanceof EqualizedDense))
        throw new GankitError(
          `cannot export '${layer.name}': its style does not come from an equalised dense`,
        );
      out = adaptiveInstanceNorm(graph, layer, ins[0], style.layer, values[style.inputs[0]]);
    } else
      throw new GankitError(
        `cannot export layer '${layer.name}' (${layer.getClassName()}) of '${net.name}': no standard form`,
      );
    values[step.outputs[0]] = out;
  }
  return values[plan.outputs[0]];
}

/** (s + offset)·IN(x) + b, where [s, b] = style(w) is split into its two halves' own Dense layers. */
function adaptiveInstanceNorm(
  graph: StandardGraph,
  layer: AdaptiveInstanceNorm,
  x: Sym,
  style: EqualizedDense,
  w: Sym,
): Sym {
  const c = x.shape[3]!;
  const { kernel, bias } = style.inferenceWeights();
  const [ks, kb] = tf.split(kernel, 2, 1);
  const [bs, bb] = bias ? tf.split(bias, 2, 0) : [tf.zeros([c]), tf.zeros([c])];
  const scale = graph.reshape(graph.dense(w, ks, tf.add(bs, layer.scaleOffset)), [1, 1, c]);
  const shift = graph.reshape(graph.dense(w, kb, bb), [1, 1, c]);
  const normalised = graph.instanceNorm(x, layer.epsilon);
  return graph.add([graph.multiply([normalised, scale]), shift]);
}
