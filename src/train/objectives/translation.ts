/**
 * What the image-to-image objectives (pix2pix, CycleGAN) share: the two domains' shapes from the config,
 * their options section, batches as tensors, and the sample picture of translation columns
 * (input | output | target …, as pytorch-CycleGAN-and-pix2pix's `visual_names`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../../config/types.js';
import { imageSize } from '../../data/dataset.js';
import { inputChannelsOf } from '../../data/translation/registry.js';
import type { TranslationBatch } from '../../data/translation/types.js';
import type { ImageShape, TranslationShapes } from '../../models/types.js';
import { UsageError } from '../../util/errors.js';
import type { Visual } from '../objective.js';

/** Domain shapes of a config: B is `data.shape`; A has B's size and the data's input channels. */
export function translationShapes(config: GanConfig): TranslationShapes {
  const [h, w, c] = config.data.shape;
  return { a: [h, w, inputChannelsOf(config.data)], b: [h, w, c] };
}

/**
 * The objective's options (`config.objective`) over their defaults; an unknown key or a value of the
 * wrong type is a usage error naming it.
 */
export function objectiveOptions<T extends Record<string, number>>(
  config: GanConfig,
  objective: string,
  defaults: T,
): T {
  const given = config.objective ?? {};
  for (const [key, v] of Object.entries(given)) {
    if (!(key in defaults))
      throw new UsageError(
        `config: unknown key 'objective.${key}' for ${objective}; valid: ${Object.keys(defaults).join(', ')}`,
      );
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new UsageError(`config: 'objective.${key}' must be a number >= 0, got ${JSON.stringify(v)}`);
  }
  return { ...defaults, ...given } as T;
}

/** The GAN tricks, regularisers and monitors that the image-to-image objectives do not implement. */
export function rejectNoiseOnlyOptions(config: GanConfig, objective: string): void {
  const unsupported = [
    ...(config.regularizers ? ['regularizers'] : []),
    ...Object.keys(config.tricks ?? {})
      .filter((k) => k !== 'ema')
      .map((k) => `tricks.${k}`),
  ];
  if (unsupported.length)
    throw new UsageError(
      `config: ${unsupported.map((k) => `'${k}'`).join(', ')} ${unsupported.length > 1 ? 'are' : 'is'} not supported by ${objective} (only tricks.ema is); remove ${unsupported.length > 1 ? 'them' : 'it'}`,
    );
}

/** A batch's two domains as NHWC tensors. */
export function batchTensors(
  batch: TranslationBatch,
  shapes: TranslationShapes,
): { a: tf.Tensor4D; b: tf.Tensor4D } {
  const n = batch.a.length / imageSize(shapes.a);
  return { a: tf.tensor4d(batch.a, [n, ...shapes.a]), b: tf.tensor4d(batch.b, [n, ...shapes.b]) };
}

/** Runs a generator in inference mode and returns its output values. */
export function translate(model: tfl.LayersModel, x: tf.Tensor4D): Float32Array {
  const out = tf.tidy(() => model.predict(x) as tf.Tensor);
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}

/** Images of `from` channels as `to` channels (gray → RGB repeats the value; RGB → gray is BT.601 luma). */
export function withChannels(images: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return images;
  const pixels = images.length / from;
  const out = new Float32Array(pixels * to);
  for (let p = 0; p < pixels; p++) {
    if (from === 1) out.fill(images[p], p * to, (p + 1) * to);
    else out[p] = 0.299 * images[p * from] + 0.587 * images[p * from + 1] + 0.114 * images[p * from + 2];
  }
  return out;
}

/**
 * A grid whose every row shows one example across `columns` (each an [n, h, w, c] array with the
 * channel count of its domain), converted to the channels of `shape`.
 */
export function columnsVisual(
  columns: { images: Float32Array; channels: number }[],
  n: number,
  shape: ImageShape,
): Visual {
  const c = shape[2];
  const size = imageSize(shape);
  const cols = columns.map((col) => withChannels(col.images, col.channels, c));
  const images = new Float32Array(n * cols.length * size);
  for (let i = 0; i < n; i++)
    cols.forEach((col, j) => {
      images.set(col.subarray(i * size, (i + 1) * size), (i * cols.length + j) * size);
    });
  return { kind: 'grid', images, count: n * cols.length, columns: cols.length, shape };
}
