/**
 * Activation layers from config strings: `relu`, `selu`, `elu`, `tanh`, `sigmoid`, `linear`, and
 * `leaky_relu` or `leaky_relu(α)` (default α = 0.2, the DCGAN slope). Unknown names are usage errors.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { UsageError } from '../util/errors.js';

const PLAIN = ['relu', 'selu', 'elu', 'tanh', 'sigmoid', 'linear'] as const;

/** A layer applying the activation `spec`, or `null` for `linear` (nothing to add). */
export function activationLayer(spec: string, where: string): tfl.layers.Layer | null {
  const leaky = /^leaky_relu(?:\((\d*\.?\d+)\))?$/.exec(spec);
  if (leaky) return tfl.layers.leakyReLU({ alpha: leaky[1] === undefined ? 0.2 : Number(leaky[1]) });
  if (spec === 'linear') return null;
  if ((PLAIN as readonly string[]).includes(spec)) {
    return tfl.layers.activation({ activation: spec as (typeof PLAIN)[number] });
  }
  throw new UsageError(
    `${where}: unknown activation '${spec}'; valid: ${PLAIN.join(', ')}, leaky_relu, leaky_relu(0.2)`,
  );
}

/** Per-layer initialiser seeds derived from one run seed, so every layer differs yet runs repeat. */
export function layerSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 2654435761) + index * 40503) >>> 0;
}
