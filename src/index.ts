/**
 * gankit's library API: everything the CLI does is available from here.
 * @packageDocumentation
 */
export { initBackend, describeBackend, type BackendName } from './backend/index.js';
export { resolveConfig } from './config/resolve.js';
export { presetNames, loadPreset } from './config/presets.js';
export type {
  GanConfig,
  DataConfig,
  ModelConfig,
  OptimizerConfig,
  LossConfig,
  TrainConfig,
} from './config/types.js';
export type { ImageDataset, PixelRange } from './data/dataset.js';
export { createDataSource, loadDataset } from './data/registry.js';
export { gatherScaled } from './data/dataset.js';
export type { DataSource } from './data/source.js';
export { ToySource } from './data/toy-source.js';
export { makeToy, toyDistributions } from './data/toy/index.js';
export { loadIdxDataset, fromIdxFiles } from './data/idx-datasets.js';
export { parseIdx, readIdx } from './data/idx.js';
export { loadImageFolder } from './data/image-folder.js';
export { BatchIterator } from './data/batches.js';
export type { TranslationBatch, TranslationDataset } from './data/translation/types.js';
export { TranslationSource, type TranslationState } from './data/translation/source.js';
export {
  createTranslationSource,
  inputChannelsOf,
  isTranslationDataset,
  loadTranslationDataset,
  translationDatasetNames,
  type TranslationDatasetName,
} from './data/translation/registry.js';
export { loadImagesForTranslation } from './data/translation/inputs.js';
export { buildNetworks, modelFamilies } from './models/registry.js';
export type { GanNetworks, ImageShape, ModelBuilder } from './models/types.js';
export type { ImageToImageOptions } from './models/image-to-image.js';
export { buildUnetGenerator, unetDepth, type UnetOptions } from './models/pix2pix/unet.js';
export {
  buildPatchDiscriminator,
  defaultPatchLayers,
  patchReceptiveField,
  type PatchDiscriminatorOptions,
} from './models/pix2pix/patchgan.js';
export {
  buildResnetGenerator,
  defaultResnetBlocks,
  type ResnetGeneratorOptions,
} from './models/cyclegan/resnet-generator.js';
export { makeLoss, losses } from './losses/registry.js';
export {
  type DiracGradients,
  type DiracMethod,
  type DiracOptions,
  type DiracTrajectory,
  type DiracVerdict,
  diracGradients,
  diracTrajectory,
  diracVerdict,
} from './dynamics/dirac-gan.js';
export type { AdversarialLoss } from './losses/types.js';
export { Trainer, type StepLosses } from './train/trainer.js';
export type { Objective, Phase, LossTerms, Visual, NoiseSampler } from './train/objective.js';
export { GanObjective } from './train/objectives/gan.js';
export { StyleGanObjective, type TrainingStyles } from './train/objectives/stylegan.js';
export { buildStyleGan, type StyleParts, styleParts } from './models/stylegan/index.js';
export { mixingGrid, sampleStyled, stylesOf, synthesize } from './models/stylegan/sampling.js';
export { mixStyles, truncateStyles } from './models/stylegan/styles.js';
export { mapLatents, synthesisFrom, type StyleInput, wWidth } from './models/stylegan/spaces.js';
export { styleSwapEffects, type SwapEffect } from './models/stylegan/style-swap.js';
export { NoiseInjection } from './nn/noise-injection.js';
export { createObjective, createGanObjective } from './train/objectives/registry.js';
export { createTrainer, createGanTrainer, runTraining, type RunResult } from './train/run.js';
export { loadGenerator, loadRunGenerator } from './train/generator.js';
export { writeReport, writeCompareReport } from './report/html.js';
export { readRunData, type RunData, type RunSummary } from './report/run-data.js';
export { startServer, type ServeOptions } from './serve/server.js';
export { loadImageSet, type ImageSet } from './train/image-sets.js';
export { Evaluator, generateSamples, type GeneratorHandle } from './train/evaluate.js';
export { oneHotRows, renderLatents, sampleLabels } from './latent/render.js';
export { imageGrid, imageGridPng, encodePng } from './report/png.js';
export {
  codesOf,
  drawCodes,
  drawLatents,
  sampleCodes,
  sampleLatents,
  truncateTowardsMean,
  zWidth,
} from './latent/sampling.js';
export {
  defaultSpace,
  latentSpace,
  parseSpace,
  SPACES,
  type SpaceHandle,
  type SpaceName,
  type SpaceOptions,
} from './latent/space.js';
export {
  perceptualPathLength,
  stepDistances,
  type PathLength,
  type PathLengthOptions,
} from './latent/path-length.js';
export { interpolationPath, lerp, norm, slerp } from './latent/interpolate.js';
export { encodeApng, encodeGif } from './latent/animation.js';
export { parseExpression, evaluateExpression, type Term } from './latent/expression.js';
export { parseGroup, inkOf, selectGroup, type GroupSpec } from './latent/groups.js';
export {
  arithmeticLatent,
  arithmeticRows,
  directionWalk,
  jitteredNeighbours,
  resolveGroups,
  type ResolvedGroup,
} from './latent/arithmetic.js';
export {
  bestRandomMse,
  invertImages,
  reconstruct,
  type Inversion,
  type InversionOptions,
} from './latent/invert.js';
export { trainEncoder, type EncoderOptions, type TrainedEncoder } from './latent/encoder.js';
export { loadFeatureNet, type FeatureNet } from './latent/feature-net.js';
export { classifyImages } from './latent/classify.js';
export { loadTargets, type Targets } from './latent/targets.js';
export { memorisationFigure, nearestNeighbours, type MemorisationFigure } from './latent/nearest.js';
export {
  concatRows,
  labelsFileOf,
  latentsFile,
  latentsIn,
  readLabels,
  readLatents,
  spaceOfFile,
  writeLabels,
  writeLatents,
} from './latent/files.js';
export { labelAccuracy } from './metrics/labelAccuracy.js';
export { Adam } from './train/adam.js';
export { Rng } from './util/rng.js';
export { GankitError, InputError, UsageError } from './util/errors.js';
export {
  SpectralDense,
  SpectralConv2D,
  MinibatchStdDev,
  MinibatchDiscrimination,
  InstanceNormalization,
  AdaptiveInstanceNorm,
  adaptiveInstanceNorm,
  adaInFromFeatures,
  ReflectionPadding2D,
  normLayer,
  type NormKind,
  recomputeGrad,
  checkpointedSequential,
  denseBlock,
  type Block,
  type Sequential,
} from './nn/index.js';
export { LossScaler, type LossScaleState } from './train/loss-scale.js';
export { Pix2pixObjective } from './train/objectives/pix2pix.js';
export { CycleGanObjective } from './train/objectives/cyclegan.js';
export { evaluateTranslation, type Translators } from './train/translation-eval.js';
export { loadDomainTranslator, loadTranslator, type LoadedTranslator } from './train/translator.js';
export { StarGanObjective } from './train/objectives/stargan-v2.js';
export { evaluateDomains } from './train/domain-eval.js';
export {
  domainGrid,
  latentStyles,
  referenceStyles,
  translateWithStyles,
  type DomainTranslator,
} from './train/domain-translator.js';
export { buildStarGan, pickDomain, type StarGanNetworks } from './models/stargan-v2/index.js';
export { translationFamilies, type Direction } from './models/translation-families.js';
export { buildPix2pix } from './models/pix2pix/index.js';
export { buildCycleGan } from './models/cyclegan/index.js';
export { ImagePool } from './train/tricks/image-pool.js';
export { planRuns, readSweepFile, type SweepSpec, type PlannedRun } from './sweep/spec.js';
export { SweepFolder, type SweepRecord, type SweepRow } from './sweep/folder.js';
export { trainSweepRun, RunFailure, type SweepJob } from './sweep/job.js';
export { formatSweepTable, sweepTable } from './sweep/table.js';
export { writeSweepReport } from './report/sweep.js';
