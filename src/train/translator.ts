/**
 * A trained image-to-image generator rebuilt from a run's config and a checkpoint, for `gankit translate`
 * and the library: the network of the asked direction with its EMA weights when the run kept them; for a
 * multi-domain run (StarGAN v2), its generator, mapping network and style encoder.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { GanConfig } from '../config/types.js';
import { type Direction, translationFamilies } from '../models/translation-families.js';
import type { ImageShape } from '../models/types.js';
import { UsageError } from '../util/errors.js';
import { buildStarGan, readStarGanSpec } from '../models/stargan-v2/index.js';
import type { Checkpoint } from './checkpoint.js';
import type { DomainTranslator } from './domain-translator.js';
import { rejectDomainAdaptationRun } from './generator.js';
import { translationShapes } from './objectives/translation.js';
import { emaGroup, type TrainerState } from './trainer.js';
import { setModelWeights } from './weights.js';

export interface LoadedTranslator {
  model: tfl.LayersModel;
  /** Shape of the images it takes and of those it makes. */
  from: ImageShape;
  to: ImageShape;
}

/** The generator of `direction` of a translation run, with the checkpoint's (EMA) weights. */
export function loadTranslator(
  config: GanConfig,
  ckpt: Checkpoint<TrainerState>,
  direction: Direction,
): LoadedTranslator {
  rejectDomainAdaptationRun(config);
  const family = translationFamilies[config.model.family];
  if (!family)
    throw new UsageError(
      `this run's model family '${config.model.family}' does not translate images (it generates from noise); use gankit sample`,
    );
  const name = family.directions[direction];
  if (!name) {
    const valid = Object.keys(family.directions).join(', ');
    throw new UsageError(`--direction ${direction}: a ${config.model.family} run translates ${valid} only`);
  }
  const shapes = translationShapes(config);
  const nets = family.build(config.model, { shapes, seed: config.train.seed });
  for (const [other, net] of Object.entries(nets)) if (other !== name) net.dispose();
  setModelWeights(nets[name], ckpt.groups[emaGroup(name)] ?? ckpt.groups[name]);
  return direction === 'AtoB'
    ? { model: nets[name], from: shapes.a, to: shapes.b }
    : { model: nets[name], from: shapes.b, to: shapes.a };
}

/** The G, F and E of a multi-domain (StarGAN v2) run with the checkpoint's (EMA) weights; D is not built. */
export function loadDomainTranslator(config: GanConfig, ckpt: Checkpoint<TrainerState>): DomainTranslator {
  const domains = ckpt.state.domains;
  if (!domains)
    throw new UsageError(
      `this run's checkpoint of step ${ckpt.step} names no domains; was it written by a ${config.model.family} run?`,
    );
  const nets = buildStarGan(config.model, {
    imageShape: config.data.shape,
    domains: domains.length,
    seed: config.train.seed,
  });
  nets.discriminator.dispose();
  for (const name of ['generator', 'mapping', 'style_encoder'])
    setModelWeights(nets[name], ckpt.groups[emaGroup(name)] ?? ckpt.groups[name]);
  return {
    generator: nets.generator,
    mapping: nets.mapping,
    styleEncoder: nets.style_encoder,
    latentDim: readStarGanSpec(config.model, config.data.shape).latentDim,
    domains,
    shape: config.data.shape,
  };
}

/** Frees the networks of a loaded multi-domain translator. */
export function disposeDomainTranslator(t: DomainTranslator): void {
  t.generator.dispose();
  t.mapping.dispose();
  t.styleEncoder.dispose();
}
