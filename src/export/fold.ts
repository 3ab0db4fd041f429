/**
 * A gankit generator as a plain tfjs LayersModel: the model.json topology and weights that stock
 * `@tensorflow/tfjs` loads without any gankit layer registered. gankit's own layers are folded into
 * standard ones for inference:
 *  - `SpectralDense` / `SpectralConv2D` → `Dense` / `Conv2D` whose kernel is W / σ baked with the stored
 *    power-iteration vector u (exactly what an inference call multiplies by), u dropped;
 *  - `GankitSeededDropout` → Keras `Dropout` (the identity at inference, as the seeded layer is).
 * ProGAN's and StyleGAN's generators, whose layers have no one-to-one standard counterpart, are rebuilt
 * from standard layers instead (src/export/progan.ts, src/export/stylegan.ts). Any other layer without
 * a folding rule (reflection padding, minibatch features, instance norm, …) makes the export fail with a
 * message naming it: a silently different model would be worse than none.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededDropout } from '../nn/dropout.js';
import { InstanceNormalization } from '../nn/instance-norm.js';
import { MinibatchDiscrimination } from '../nn/minibatch-discrimination.js';
import { MinibatchStdDev } from '../nn/minibatch-stddev.js';
import { AdaptiveInstanceNorm } from '../nn/adain.js';
import { EqualizedConv2D, EqualizedDense } from '../nn/equalized.js';
import { PixelNorm } from '../nn/pixel-norm.js';
import { ReflectionPadding2D } from '../nn/reflection-pad.js';
import { Downsample2x, Upsample2x } from '../nn/resample.js';
import { SpectralConv2D } from '../nn/spectral-conv2d.js';
import { SpectralDense } from '../nn/spectral-dense.js';
import { SpectralLayer } from '../nn/spectral-layer.js';
import { ProganGenerator } from '../models/progan/generator.js';
import { ConstantInput, ResidualSum, SelectStyle, StyleBroadcast } from '../models/stylegan/layers.js';
import { NoiseInjection } from '../nn/noise-injection.js';
import { ScaledAdd } from '../nn/scaled-add.js';
import { GankitError } from '../util/errors.js';
import { standardProgan } from './progan.js';
import { standardStyleGan } from './stylegan.js';

/** gankit layers that have no standard tfjs-layers equivalent, and why. */
const NOT_FOLDABLE: Record<string, string> = {
  [InstanceNormalization.className]:
    'no folding rule (LayerNormalization over axes [1, 2] would do; no noise-fed generator uses it)',
  [ReflectionPadding2D.className]: 'tfjs-layers pads with zeros only',
  [MinibatchStdDev.className]: 'a minibatch feature depends on the whole batch',
  [MinibatchDiscrimination.className]: 'a minibatch feature depends on the whole batch',
  [PixelNorm.className]: 'outside the ProGAN and StyleGAN generators it has no folding rule',
  [AdaptiveInstanceNorm.className]: 'outside the StyleGAN generator it has no folding rule',
  // ProGAN's and StyleGAN's generators are rebuilt whole (standardProgan, standardStyleGan); these
  // layers anywhere else have no folding rule.
  [EqualizedDense.className]: 'outside the ProGAN and StyleGAN generators it has no folding rule',
  [EqualizedConv2D.className]: 'outside the ProGAN and StyleGAN generators it has no folding rule',
  [Upsample2x.className]: 'outside the ProGAN and StyleGAN generators it has no folding rule',
  [Downsample2x.className]: 'no folding rule (AveragePooling2D would do; no generator uses it)',
  [ProganGenerator.className]: 'a ProGAN generator inside another model has no folding rule',
  [NoiseInjection.className]: 'outside the StyleGAN generator it has no folding rule',
  [StyleBroadcast.className]: 'outside the StyleGAN generator it has no folding rule',
  [SelectStyle.className]: 'outside the StyleGAN generator it has no folding rule',
  [ConstantInput.className]: 'outside the StyleGAN generator it has no folding rule',
  [ResidualSum.className]: 'no folding rule (an Add and a scale would do; no generator uses it)',
  [ScaledAdd.className]: 'no folding rule (an Add and a scale would do; no generator uses it)',
};

/** Keras-JSON layer entry (snake_case config keys, as tfjs serialises them). */
interface LayerEntry {
  class_name: string;
  config: Record<string, unknown> & { layers?: LayerEntry[] };
}

const CONTAINERS = new Set(['Sequential', 'Model', 'Functional']);

/** The config keys every layer keeps (name, dtype, trainable, the input shape of a first layer). */
function baseKeys(config: Record<string, unknown>): Record<string, unknown> {
  const keep = ['name', 'trainable', 'dtype', 'batch_input_shape'];
  return Object.fromEntries(Object.entries(config).filter(([k]) => keep.includes(k)));
}

/** Rewrites one layer entry in place into its standard equivalent. */
function foldEntry(entry: LayerEntry): void {
  const c = entry.config;
  if (CONTAINERS.has(entry.class_name)) {
    for (const inner of c.layers ?? []) foldEntry(inner);
    return;
  }
  const why = NOT_FOLDABLE[entry.class_name];
  if (why)
    throw new GankitError(
      `cannot export layer '${String(c.name)}' (${entry.class_name}): ${why}, so plain tfjs could not run it`,
    );
  if (entry.class_name === SpectralDense.className) {
    entry.class_name = 'Dense';
    entry.config = { ...baseKeys(c), units: c.units, use_bias: c.use_bias, activation: 'linear' };
  } else if (entry.class_name === SpectralConv2D.className) {
    entry.class_name = 'Conv2D';
    entry.config = {
      ...baseKeys(c),
      filters: c.filters,
      kernel_size: c.kernel_size,
      strides: c.strides,
      padding: c.padding,
      use_bias: c.use_bias,
      activation: 'linear',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
    };
  } else if (entry.class_name === SeededDropout.className) {
    entry.class_name = 'Dropout';
    entry.config = { ...baseKeys(c), rate: c.rate };
  }
}

/** Every layer of `model`, nested models' layers included. */
function allLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
  return model.layers.flatMap((l) => (l instanceof tfl.LayersModel ? allLayers(l) : [l]));
}

/** What {@link plainLayersModel} returns: the parts of a tfjs `model.json` plus the weight bytes. */
export interface PlainModel {
  modelTopology: tf.io.ModelArtifacts['modelTopology'];
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/**
 * The topology and weights of `model` with gankit's layers folded into standard ones (see the module
 * comment). The model itself is not changed.
 */
export async function plainLayersModel(model: tfl.LayersModel): Promise<PlainModel> {
  let standard: tfl.LayersModel | undefined;
  // In a tidy: the baked weights handed to the rebuilt model are freed, its variables kept.
  tf.tidy(() => {
    standard = standardProgan(model) ?? standardStyleGan(model);
  });
  try {
    return await foldedModel(standard ?? model);
  } finally {
    standard?.dispose();
  }
}

async function foldedModel(model: tfl.LayersModel): Promise<PlainModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error('tfjs saved no weights');
  const topology = structuredClone(artifacts.modelTopology) as unknown as LayerEntry;
  foldEntry(topology);

  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  for (const layer of allLayers(model)) {
    if (!(layer instanceof SpectralLayer)) continue;
    for (const w of layer.weights) {
      if (w.originalName.endsWith('/u')) delete weights[w.originalName];
      else if (w.originalName.endsWith('/kernel')) {
        weights[w.originalName].dispose();
        weights[w.originalName] = layer.inferenceKernel();
      }
    }
  }
  // Keep the saved order (minus the dropped u vectors): it is the order tfjs reads the weights in.
  const ordered = Object.fromEntries(
    artifacts.weightSpecs.filter((s) => s.name in weights).map((s) => [s.name, weights[s.name]]),
  );
  const { data, specs } = await tf.io.encodeWeights(ordered);
  tf.dispose(Object.values(weights));
  const weightData = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  return {
    modelTopology: topology as unknown as PlainModel['modelTopology'],
    weightSpecs: specs,
    weightData,
  };
}
