/**
 * Seed 002's experience replay: "storing images produced by George at each iteration in a replay buffer,
 * and the training of David use images drawn from this buffer instead of produced by the current state of
 * George". `tricks.replay: { size, ratio }` keeps `size` past fakes and gives D a `ratio` of each fake
 * batch from them, so D keeps rejecting what G produced earlier and G cannot cycle back to it. Trains
 * seed 002's MLP GAN (`gan-fashion`) with and without a buffer of 1,000 (half of every fake batch), same
 * seed, and scores both with the shipped Fashion-MNIST classifier; writes 32 samples of each (top: no
 * replay, bottom: replay).
 *   npm run example -- replay-buffer [--steps N] [--out F.png] [--smoke]
 */
import { resolveConfig } from '../src/index.js';
import { exampleArgs, intArg, startBackend } from './lib/cli.js';
import { compareRuns } from './lib/compare.js';

const args = exampleArgs('replay-buffer [--steps N] [--out F.png] [--smoke]', { steps: { type: 'string' } });
const steps = intArg('steps', args.steps, args.smoke ? 5 : 3000);
await startBackend();
const common = { train: { steps }, data: args.smoke ? { limit: 256 } : {} };
const runs = {
  'no replay': resolveConfig({ preset: 'gan-fashion', overrides: common }),
  'replay 1000 × 0.5': resolveConfig({
    preset: 'gan-fashion',
    overrides: { ...common, tricks: { replay: { size: 1000, ratio: 0.5 } } },
  }),
};
await compareRuns(runs, args.out ?? 'replay-buffer.png', args.smoke ? 200 : 1000);
