/**
 * `gankit metric NAME --real A.npy --fake B.npy [--json] […]`: one metric on feature (or probability)
 * matrices saved with `numpy.save`, printed as `name=value` or as JSON.
 */
import { readNpyMatrix } from '../../io/npy.js';
import { bootstrapMetric } from '../../metrics/bootstrap.js';
import { getMetric, metrics } from '../../metrics/registry.js';
import type { MetricInputs, MetricOptions } from '../../metrics/types.js';
import { UsageError } from '../../util/errors.js';
import { intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { formatMetrics, formatValue } from '../format.js';

const FLAGS = {
  real: { type: 'string' },
  fake: { type: 'string' },
  json: { type: 'boolean' },
  subsets: { type: 'string' },
  'subset-size': { type: 'string' },
  splits: { type: 'string' },
  k: { type: 'string' },
  bins: { type: 'string' },
  seed: { type: 'string' },
  bootstrap: { type: 'string' },
  level: { type: 'string' },
} as const;

const usage = `usage: gankit metric <name> --real A.npy --fake B.npy [--json] [options]

Computes one metric on feature matrices [n, d] stored as NumPy .npy (little-endian float32/float64,
C order). 'is' and 'classes' read class probabilities [n, classes] of the fakes and take only --fake.

metrics:
${Object.values(metrics)
  .map((m) => `  ${m.name.padEnd(9)}${m.summary}`)
  .join('\n')}

options:
  --json             print one JSON object instead of name=value
  --subsets N        kid: random subsets (default 100)
  --subset-size M    kid: rows per subset (default 1000)
  --splits K         is: splits (default 10)
  --k K              pr / dc: nearest-neighbour k (defaults 3 / 5)
  --bins B           ndb: k-means bins (default 100)
  --seed S           kid subsets, ndb k-means and bootstrap resampling (default 0)
  --bootstrap N      add a percentile-bootstrap interval from N resamples (not for pr, dc)
  --level L          coverage of the bootstrap interval (default 0.95)`;

const command: Command = {
  summary: 'compute fid, kid, is, pr, dc, ndb or classes on .npy feature matrices',
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags('metric', argv, FLAGS);
    if (positionals.length !== 1) {
      throw new UsageError(
        `gankit metric needs exactly one metric name (${Object.keys(metrics).join(', ')}), got ` +
          `${positionals.length === 0 ? 'none' : positionals.join(' ')}. Example: gankit metric fid --real a.npy --fake b.npy`,
      );
    }
    const metric = getMetric(positionals[0]);
    const options: MetricOptions = {
      subsets: intFlag('subsets', values.subsets, 1),
      subsetSize: intFlag('subset-size', values['subset-size'], 2),
      splits: intFlag('splits', values.splits, 1),
      k: intFlag('k', values.k, 1),
      bins: intFlag('bins', values.bins, 1),
      seed: intFlag('seed', values.seed, 0),
    };
    const fakePath = values.fake;
    if (typeof fakePath !== 'string') {
      throw new UsageError(`gankit metric ${metric.name} needs --fake FILE.npy`);
    }
    const usesReal = metric.needs.includes('realFeatures');
    if (usesReal && typeof values.real !== 'string') {
      throw new UsageError(
        `gankit metric ${metric.name} needs --real FILE.npy (real features) and --fake FILE.npy`,
      );
    }
    if (!usesReal && values.real !== undefined) {
      throw new UsageError(
        `gankit metric ${metric.name} reads only --fake (class probabilities of the fakes); drop --real`,
      );
    }
    const inputs: MetricInputs = {};
    if (usesReal) {
      inputs.realFeatures = readNpyMatrix(values.real as string);
      inputs.fakeFeatures = readNpyMatrix(fakePath);
    } else {
      inputs.fakeProbabilities = readNpyMatrix(fakePath);
    }
    const resamples = intFlag('bootstrap', values.bootstrap, 2);
    if (resamples !== undefined) {
      const level = values.level === undefined ? 0.95 : Number(values.level);
      const intervals = bootstrapMetric(metric.name, inputs, options, {
        resamples,
        level,
        seed: options.seed,
      });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(intervals)}\n`);
      } else {
        const pct = `${Number((level * 100).toPrecision(4))}%`;
        const line = Object.entries(intervals)
          .map(([k, v]) => `${k}=${formatValue(v.value)} [${formatValue(v.low)}, ${formatValue(v.high)}]`)
          .join(', ');
        process.stdout.write(`${line}  (${pct} bootstrap intervals, ${resamples} resamples)\n`);
      }
      return 0;
    }
    if (values.level !== undefined) throw new UsageError('--level applies only with --bootstrap N');
    const result = metric.compute(inputs, options);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(`${formatMetrics(result)}\n`);
    }
    return 0;
  },
};

export default command;
