/**
 * The normalisation choice of pix2pix / CycleGAN (networks.py `get_norm_layer`): `batch` is
 * BatchNorm2d(affine=True, track_running_stats=True), `instance` InstanceNorm2d(affine=False,
 * track_running_stats=False), `none` nothing. Batch norm takes torch's constants: torch's momentum 0.1 is
 * the weight of the new batch, Keras's momentum that of the running value, so 0.9; ε = 1e-5. The scale
 * starts at N(1, 0.02) as the official `init_weights` sets it. One difference remains: tfjs updates the
 * running variance with the biased batch variance, torch with the unbiased one (a factor m/(m−1), m the
 * number of values per channel); it only affects inference after training in batch-norm mode.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { InstanceNormalization } from './instance-norm.js';

/** Which normalisation follows a convolution. */
export type NormKind = 'batch' | 'instance' | 'none';

/** The normalisation kinds, for validating options. */
export const NORM_KINDS: readonly NormKind[] = ['batch', 'instance', 'none'];

/**
 * A normalisation layer named `name`, or null for `none` (nothing to add). `seed` seeds batch norm's
 * N(1, 0.02) scale; instance norm has no weights.
 */
export function normLayer(kind: NormKind, name: string, seed?: number): tfl.layers.Layer | null {
  switch (kind) {
    case 'batch':
      return tfl.layers.batchNormalization({
        name,
        momentum: 0.9,
        epsilon: 1e-5,
        gammaInitializer: tfl.initializers.randomNormal({ mean: 1, stddev: 0.02, seed }),
      });
    case 'instance':
      return new InstanceNormalization({ name });
    case 'none':
      return null;
    default:
      throw new RangeError(`unknown norm '${kind as string}'; valid: ${NORM_KINDS.join(', ')}`);
  }
}

/**
 * Whether the convolution before a `kind` norm has a bias. The official rule is
 * `use_bias = norm_layer == InstanceNorm2d` (batch norm's shift makes a bias redundant; instance norm
 * without affine has none); gankit also keeps the bias for `none`, where the official test leaves the
 * convolutions without any offset only as a side effect.
 */
export function convBias(kind: NormKind): boolean {
  return kind !== 'batch';
}
