/**
 * The generator the latent-tool examples work on: a trained run's (`--run DIR`), or, without one, the
 * MLP GAN on MNIST trained here for `--steps` (20 on 512 images under `--smoke`).
 */
import { type GanConfig, type GeneratorHandle, loadRunGenerator, resolveConfig } from '../../src/index.js';
import { type ExampleFlags, intArg } from './cli.js';
import { generatorOf, trainPreset } from './train.js';

/** Flags every latent example takes besides `--smoke` and `--out`. */
export const LATENT_FLAGS = { run: { type: 'string' }, steps: { type: 'string' } } as const;

/** The run's generator and config, loaded or trained. */
export function exampleGenerator(flags: ExampleFlags): { config: GanConfig; g: GeneratorHandle } {
  if (typeof flags.run === 'string') return loadRunGenerator(flags.run);
  const steps = flags.smoke ? 20 : intArg('steps', flags.steps, 3000);
  const config = resolveConfig({
    preset: 'gan-mnist',
    overrides: { train: { steps }, data: flags.smoke ? { limit: 512 } : {} },
  });
  return { config, g: generatorOf(trainPreset(config)) };
}
