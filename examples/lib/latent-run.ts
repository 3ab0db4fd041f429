/**
 * The generator the latent-tool examples work on: a trained run's (`--run DIR`), or, without one, the
 * MLP GAN on MNIST trained here for `--steps` (20 on 512 images under `--smoke`) — or with `--stylegan`
 * the style-based generator on emoji (`stylegan-emoji`; under `--smoke` a narrow one at 16×16), whose
 * latent tools can also work in W.
 */
import {
  createTrainer,
  type GanConfig,
  type GeneratorHandle,
  loadRunGenerator,
  resolveConfig,
} from '../../src/index.js';
import { type ExampleFlags, intArg } from './cli.js';
import { generatorOf, trainPreset, trainToEnd } from './train.js';

/** Flags every latent example takes besides `--smoke` and `--out`. */
export const LATENT_FLAGS = {
  run: { type: 'string' },
  steps: { type: 'string' },
  stylegan: { type: 'boolean' },
} as const;

/** The run's generator and config, loaded or trained. */
export function exampleGenerator(flags: ExampleFlags): { config: GanConfig; g: GeneratorHandle } {
  if (typeof flags.run === 'string') return loadRunGenerator(flags.run);
  if (flags.stylegan) return styleGenerator(flags);
  const steps = flags.smoke ? 20 : intArg('steps', flags.steps, 3000);
  const config = resolveConfig({
    preset: 'gan-mnist',
    overrides: { train: { steps }, data: flags.smoke ? { limit: 512 } : {} },
  });
  return { config, g: generatorOf(trainPreset(config)) };
}

/** `stylegan-emoji` trained for `--steps` (default 500), its EMA generator. */
function styleGenerator(flags: ExampleFlags): { config: GanConfig; g: GeneratorHandle } {
  const steps = flags.smoke ? 20 : intArg('steps', flags.steps, 500);
  const small = {
    data: { limit: 256, shape: [16, 16, 3] },
    model: { latentDim: 16, wDim: 16, mappingLayers: 4, fmapBase: 64, fmapMax: 16 },
    train: { batchSize: 8 },
  };
  const config = resolveConfig({
    preset: 'stylegan-emoji',
    overrides: flags.smoke ? { ...small, train: { ...small.train, steps } } : { train: { steps } },
  });
  return { config, g: trainToEnd(createTrainer(config)).objective.sampler! };
}
