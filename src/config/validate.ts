/**
 * Checks a plain object (from YAML/JSON/flags) against the shape of {@link GanConfig}, with errors that
 * name the offending key path, what was found and what is expected. Unknown keys are errors: a typo in a
 * config must not silently fall back to a default.
 */
import type { GanConfig } from './types.js';
import { isTranslationDataset, translationDatasetNames } from '../data/translation/registry.js';
import { UsageError } from '../util/errors.js';

type Check = (v: unknown, at: string) => void;

function fail(at: string, expected: string, v: unknown): never {
  throw new UsageError(`config: '${at}' must be ${expected}, got ${JSON.stringify(v)}`);
}

const num =
  (min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): Check =>
  (v, at) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      fail(at, `a number in [${min}, ${max}]`, v);
  };
const int =
  (min: number): Check =>
  (v, at) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(at, `an integer >= ${min}`, v);
  };
const str: Check = (v, at) => {
  if (typeof v !== 'string' || v === '') fail(at, 'a non-empty string', v);
};
const oneOf =
  (...values: string[]): Check =>
  (v, at) => {
    if (typeof v !== 'string' || !values.includes(v)) fail(at, `one of ${values.join(', ')}`, v);
  };
const optional =
  (c: Check): Check =>
  (v, at) => {
    if (v !== undefined) c(v, at);
  };
const shape: Check = (v, at) => {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((d) => Number.isInteger(d) && d > 0)) {
    fail(at, '[height, width, channels]', v);
  }
};

/** A record whose keys must all be known; `open` allows extra keys (family-specific options). */
function record(fields: Record<string, Check>, open = false): Check {
  return (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'an object', v);
    const obj = v as Record<string, unknown>;
    if (!open) {
      for (const key of Object.keys(obj)) {
        if (!(key in fields)) {
          throw new UsageError(
            `config: unknown key '${at}.${key}'; valid keys of '${at}': ${Object.keys(fields).join(', ')}`,
          );
        }
      }
    }
    for (const [key, check] of Object.entries(fields)) check(obj[key], `${at}.${key}`);
  };
}

const optimizer = record({
  schedule: optional((v, at) => {
    const type = (v as { type?: unknown } | null)?.type;
    if (type === 'inv') record({ type: oneOf('inv'), alpha: num(0), beta: num(0) })(v, at);
    else
      record({ type: oneOf('linear', 'inv'), endFactor: num(0, 1), start: optional(num(0, 0.999)) })(v, at);
  }),
  type: oneOf('adam', 'rmsprop', 'sgd'),
  lr: num(0, 10),
  beta1: optional(num(0, 1)),
  beta2: optional(num(0, 1)),
  rho: optional(num(0, 1)),
  momentum: optional(num(0, 1)),
  epsilon: optional(num(0, 1)),
});

const configCheck = record({
  name: str,
  description: str,
  data: record({
    dataset: oneOf('mnist', 'fashion-mnist', 'emoji', 'path', 'toy', ...translationDatasetNames),
    path: optional(str),
    toy: optional(record({ name: str }, true)),
    split: oneOf('train', 'test'),
    limit: optional(int(1)),
    shape,
    inputChannels: optional((v, at) => {
      if (v !== 1 && v !== 3) fail(at, '1 or 3 (channels of translation domain A)', v);
    }),
    range: oneOf('0,1', '-1,1'),
    target: optional(
      record({ dataset: oneOf('mnistm-emoji', 'path'), path: optional(str), test: optional(str) }),
    ),
  }),
  model: record({ family: str, latentDim: optional(int(1)) }, true),
  loss: record({ type: str }, true),
  optimizers: (v, at) => {
    // Optimizers by name: each phase of the family's objective names the one it uses (the trainer says
    // which is missing: GANs need generator and discriminator, DANN classifier).
    record({}, true)(v, at);
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) fail(at, 'an object with at least one named optimizer', v);
    for (const [key, cfg] of entries) optimizer(cfg, `${at}.${key}`);
  },
  regularizers: optional(
    record({
      gradientPenalty: optional(record({ weight: num(0), target: optional(num(0)) })),
      r1: optional(record({ gamma: num(0) })),
      r2: optional(record({ gamma: num(0) })),
      weightClip: optional(num(0)),
    }),
  ),
  tricks: optional(
    record({
      instanceNoise: optional(record({ std: num(0), annealSteps: int(1) })),
      replay: optional(record({ size: int(1), ratio: num(0, 1) })),
      ema: optional(record({ decay: num(0, 1) })),
      featureMatching: optional(record({ weight: num(0) })),
      auxClassifier: optional(record({ weight: num(0) })),
    }),
  ),
  eval: optional(
    record({
      every: int(1),
      n: int(2),
      metrics: optional((v, at) => {
        if (!Array.isArray(v) || !v.every((m) => typeof m === 'string'))
          fail(at, 'a list of metric names', v);
      }),
    }),
  ),
  objective: optional(record({}, true)),
  monitor: optional(
    record({
      every: int(1),
      minDiversity: num(0, 1),
      lrDecay: num(0, 1),
      maxRollbacks: int(0),
      minClasses: optional(int(1)),
      warmup: optional(int(0)),
    }),
  ),
  train: record({
    batchSize: int(1),
    steps: int(0),
    dSteps: int(1),
    logEvery: int(1),
    sampleEvery: int(1),
    checkpointEvery: int(1),
    keepCheckpoints: int(1),
    sampleCount: int(1),
    seed: int(0),
  }),
});

/** Asserts `v` is a complete, valid config. */
export function validateConfig(v: unknown): asserts v is GanConfig {
  configCheck(v, 'config');
  const c = v as GanConfig;
  if (c.data.dataset === 'path' && !c.data.path) {
    throw new UsageError(
      "config: 'data.path' is required when 'data.dataset' is 'path' (or pass --data PATH)",
    );
  }
  if (c.data.dataset === 'toy') {
    if (!c.data.toy)
      throw new UsageError(
        "config: 'data.toy' (the distribution's name and options) is required when 'data.dataset' is 'toy'",
      );
  } else if (![1, 3].includes(c.data.shape[2])) {
    fail('config.data.shape', '[height, width, channels] with channels 1 or 3 for images', c.data.shape);
  }
  if (
    c.data.inputChannels !== undefined &&
    c.data.dataset !== 'path' &&
    !isTranslationDataset(c.data.dataset)
  ) {
    throw new UsageError(
      `config: 'data.inputChannels' applies to translation data only (${translationDatasetNames.join(', ')} ` +
        `or 'path'), not to '${c.data.dataset}'; remove it`,
    );
  }
  if (c.tricks?.auxClassifier && c.model.auxClassifier !== true) {
    throw new UsageError(
      "config: 'tricks.auxClassifier' needs a model with 'model.auxClassifier: true' (a class head on D)",
    );
  }
  if (c.data.target && c.model.family !== 'dann')
    throw new UsageError(
      `config: 'data.target' (and --target-data) is the target domain of domain adaptation (model.family 'dann'), not of '${c.model.family}'; remove it`,
    );
  if (c.data.target?.dataset === 'path' && !c.data.target.path)
    throw new UsageError(
      "config: 'data.target.path' is required when 'data.target.dataset' is 'path' (or pass --target-data DIR)",
    );
  if (c.train.seed >= 2 ** 32) fail('config.train.seed', 'below 2^32', c.train.seed);
}
