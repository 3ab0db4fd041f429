/**
 * gankit's browser-safe entry point: the parts of the library that a web page can run unchanged — the
 * trainer and the GAN objective, the model families, every adversarial loss and regulariser, the toy
 * distributions and their exact metrics, the Philox RNG. Nothing reachable from this module imports a
 * Node built-in or the native addon: `test/browser/import-graph.test.ts` walks its import graph and fails
 * on one, and the playground's Vite build (web/vite.config.ts) refuses `node:` imports too. The page
 * (web/) and `gankit train` thus run one implementation, not a copy for the browser.
 * @packageDocumentation
 */
export type {
  GanConfig,
  ModelConfig,
  OptimizerConfig,
  LossConfig,
  RegularizerConfig,
  TrainConfig,
} from './config/types.js';
export { Trainer, type StepLosses } from './train/trainer.js';
export { GanObjective } from './train/objectives/gan.js';
export type { Phase } from './train/objective.js';
export { makeOptimizer } from './train/optimizers.js';
export { buildNetworks, modelFamilies } from './models/registry.js';
export type { GanNetworks } from './models/types.js';
export { forward } from './models/forward.js';
export { makeLoss, losses } from './losses/registry.js';
export type { AdversarialLoss } from './losses/types.js';
export { makeRegularizer, regularizers } from './losses/regularizers.js';
export {
  type DiracMethod,
  type DiracOptions,
  type DiracTrajectory,
  type DiracVerdict,
  diracGradients,
  diracTrajectory,
  diracVerdict,
} from './dynamics/dirac-gan.js';
export { ToySource } from './data/toy-source.js';
export { makeToy, toyDistributions } from './data/toy/index.js';
export type { Density1D, GaussianMixture2D, ToyDistribution } from './data/toy/index.js';
export { gaussian1d } from './data/toy/gaussian-1d.js';
export { gaussianMixture2d, type Mixture2D } from './data/toy/mixture-2d.js';
export {
  histogramDivergences,
  modeCoverage,
  toyMetrics,
  wasserstein1Samples,
  wasserstein1ToDensity,
} from './metrics/exact/index.js';
export { Rng } from './util/rng.js';
export { GankitError, UsageError } from './util/errors.js';
export { registerWasmKernels } from './backend/wasm/index.js';
