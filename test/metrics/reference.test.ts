/**
 * gankit's metrics against an independent NumPy/SciPy implementation (test/metrics/reference.py) on
 * seeded matrices, including n < d and exactly rank-deficient covariances. FID and KID run on both
 * linear-algebra paths (native OpenBLAS and JavaScript). Skipped, with the reason printed, when
 * /usr/bin/python3 with NumPy and SciPy is not available.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../../src/io/npy.js';
import { densityCoverage } from '../../src/metrics/densityCoverage.js';
import { fid } from '../../src/metrics/fid.js';
import { inceptionScore } from '../../src/metrics/inceptionScore.js';
import { kid, sampleWithoutReplacement } from '../../src/metrics/kid.js';
import { precisionRecall } from '../../src/metrics/precisionRecall.js';
import type { FeatureMatrix } from '../../src/metrics/types.js';
import { Rng } from '../../src/util/rng.js';
import { gaussianRows, lowRankRows, probabilityRows, relErr } from './fixtures.js';
import { LINALG_PATHS, onPath } from './linalgPaths.js';

const PYTHON = '/usr/bin/python3';
// Compiled to dist/test/metrics/; the script stays in the source tree.
const SCRIPT = fileURLToPath(new URL('../../../test/metrics/reference.py', import.meta.url));

function pythonSkipReason(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${PYTHON} lacks numpy/scipy: ${probe.stderr.trim().split('\n').pop()}`;
  return undefined;
}
const skip = pythonSkipReason();
if (skip) console.log(`# skipping NumPy/SciPy reference tests: ${skip}`);

interface Case {
  name: string;
  kind: 'fid' | 'kid' | 'kid-subsets' | 'is' | 'prdc';
  real?: FeatureMatrix;
  fake: FeatureMatrix;
  splits?: number;
  kPr?: number;
  kDc?: number;
  /** A covariance is singular (n ≤ d or low-rank rows). */
  singular?: boolean;
}

const shifted = (m: FeatureMatrix, by: number, scale = 1): FeatureMatrix => ({
  ...m,
  data: m.data.map((v, i) => v * scale + by * ((i % m.cols) / m.cols)),
});

const cases: Case[] = [
  { name: 'fid n>d', kind: 'fid', real: gaussianRows(1, 300, 24), fake: gaussianRows(2, 250, 24, 1.3, 0.2) },
  {
    name: 'fid n<d',
    kind: 'fid',
    real: gaussianRows(3, 20, 48),
    fake: gaussianRows(4, 30, 48, 0.7, -0.1),
    singular: true,
  },
  {
    name: 'fid n<d both',
    kind: 'fid',
    real: gaussianRows(5, 12, 40),
    fake: gaussianRows(6, 15, 40, 2),
    singular: true,
  },
  {
    name: 'fid rank 4 vs full',
    kind: 'fid',
    real: lowRankRows(7, 200, 32, 4),
    fake: gaussianRows(8, 200, 32),
    singular: true,
  },
  {
    name: 'fid rank 3 vs rank 5',
    kind: 'fid',
    real: lowRankRows(9, 150, 20, 3),
    fake: lowRankRows(10, 120, 20, 5),
    singular: true,
  },
  {
    name: 'fid d=64 n=500',
    kind: 'fid',
    real: gaussianRows(11, 500, 64),
    fake: shifted(gaussianRows(12, 500, 64), 1, 1.1),
  },
  {
    name: 'kid n=m=60',
    kind: 'kid',
    real: gaussianRows(13, 60, 16),
    fake: gaussianRows(14, 60, 16, 1.2, 0.1),
  },
  { name: 'kid n<d', kind: 'kid', real: gaussianRows(15, 25, 50), fake: gaussianRows(16, 25, 50, 0.9) },
  {
    name: 'kid same distribution',
    kind: 'kid',
    real: gaussianRows(17, 80, 8),
    fake: gaussianRows(18, 80, 8),
  },
  {
    name: 'kid 7 subsets of 40',
    kind: 'kid-subsets',
    real: gaussianRows(27, 90, 12),
    fake: gaussianRows(28, 70, 12, 1.1),
  },
  { name: 'is 10 splits', kind: 'is', fake: probabilityRows(19, 500, 10, 0.5), splits: 10 },
  { name: 'is 3 uneven splits', kind: 'is', fake: probabilityRows(20, 101, 7, 0.2), splits: 3 },
  {
    name: 'prdc',
    kind: 'prdc',
    real: gaussianRows(21, 200, 8),
    fake: gaussianRows(22, 150, 8, 1.2, 0.3),
    kPr: 3,
    kDc: 5,
  },
  {
    name: 'prdc n<d',
    kind: 'prdc',
    real: gaussianRows(23, 40, 64),
    fake: gaussianRows(24, 50, 64, 1.05),
    kPr: 3,
    kDc: 5,
  },
  {
    name: 'prdc k=1,2',
    kind: 'prdc',
    real: gaussianRows(25, 120, 5),
    fake: gaussianRows(26, 130, 5, 0.8),
    kPr: 1,
    kDc: 2,
  },
];

const KID_SUBSETS = { subsets: 7, subsetSize: 40, seed: 11 };

/** The subsets kid() draws: for each subset, real rows then fake rows from one seeded stream. */
function kidSubsets(c: Case): { real: FeatureMatrix; fake: FeatureMatrix } {
  const { subsets, subsetSize, seed } = KID_SUBSETS;
  const rng = new Rng(seed);
  const real = new Float64Array(subsets * subsetSize);
  const fake = new Float64Array(subsets * subsetSize);
  for (let s = 0; s < subsets; s++) {
    real.set(sampleWithoutReplacement(rng, c.real!.rows, subsetSize), s * subsetSize);
    fake.set(sampleWithoutReplacement(rng, c.fake.rows, subsetSize), s * subsetSize);
  }
  return {
    real: { rows: subsets, cols: subsetSize, data: real },
    fake: { rows: subsets, cols: subsetSize, data: fake },
  };
}

let dir = '';
let reference: Record<string, number | { mean: number; std: number }>[] = [];

before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'gankit-metrics-'));
  const manifest = cases.map((c, i) => {
    const save = (m: FeatureMatrix, tag: string) => {
      const file = join(dir, `${i}-${tag}.npy`);
      writeNpy(file, { shape: [m.rows, m.cols], data: m.data });
      return file;
    };
    const idx = c.kind === 'kid-subsets' ? kidSubsets(c) : undefined;
    return {
      kind: c.kind,
      real: c.real && save(c.real, 'real'),
      fake: save(c.fake, 'fake'),
      realIdx: idx && save(idx.real, 'ireal'),
      fakeIdx: idx && save(idx.fake, 'ifake'),
      splits: c.splits,
      kPr: c.kPr,
      kDc: c.kDc,
    };
  });
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(manifest));
  const run = spawnSync(PYTHON, [SCRIPT, join(dir, 'cases.json')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  reference = JSON.parse(run.stdout);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** FID and KID depend on the linear-algebra path; the other metrics do not. */
function pathsOf(c: Case): { label: string; path?: 'native' | 'js'; skip?: string }[] {
  if (c.kind !== 'fid' && c.kind !== 'kid' && c.kind !== 'kid-subsets') return [{ label: '' }];
  return LINALG_PATHS.map((p) => ({ label: ` (${p.path})`, path: p.path, skip: p.skip }));
}

cases.forEach((c, i) => {
  for (const p of pathsOf(c)) {
    test(`${c.name} agrees with NumPy/SciPy${p.label}`, { skip: skip ?? p.skip }, () =>
      p.path ? onPath(p.path, () => check(c, i)) : check(c, i),
    );
  }
});

function check(c: Case, i: number): void {
  const ref = reference[i] as Record<string, number>;
  if (c.kind === 'fid') {
    const value = fid(c.real!, c.fake);
    // The nuclear-norm form works on the centred data, so it is exact to rounding. Any method
    // that goes through covariances — gankit's and scipy.linalg.sqrtm alike — loses ≈ √ε·tr Σ on
    // singular covariances (square roots of rounding-level eigenvalues); elsewhere it is exact.
    const exact = c.singular ? 5e-8 : 1e-12;
    assert.ok(relErr(value, ref.nuclear) < exact, `exact: ${value} vs ${ref.nuclear}`);
    assert.ok(relErr(value, ref.sqrtm) < 1e-6, `scipy sqrtm: ${value} vs ${ref.sqrtm}`);
  } else if (c.kind === 'kid') {
    // One subset of all rows is a permutation of the full sets, and MMD²ᵤ is permutation invariant.
    const value = kid(c.real!, c.fake, { subsets: 3, subsetSize: c.fake.rows, seed: 5 });
    assert.ok(relErr(value.mean, ref.mmd2) < 1e-9, `${value.mean} vs ${ref.mmd2}`);
    assert.ok(value.std < 1e-12 * Math.abs(value.mean) + 1e-15);
  } else if (c.kind === 'kid-subsets') {
    const value = kid(c.real!, c.fake, KID_SUBSETS);
    const r = reference[i] as unknown as { mean: number; std: number };
    assert.ok(relErr(value.mean, r.mean) < 1e-9, `${value.mean} vs ${r.mean}`);
    assert.ok(relErr(value.std, r.std) < 1e-9, `${value.std} vs ${r.std}`);
  } else if (c.kind === 'is') {
    const value = inceptionScore(c.fake, c.splits);
    const r = reference[i] as unknown as { mean: number; std: number };
    assert.ok(relErr(value.mean, r.mean) < 1e-12, `${value.mean} vs ${r.mean}`);
    assert.ok(relErr(value.std, r.std) < 1e-9, `${value.std} vs ${r.std}`);
  } else {
    const pr = precisionRecall(c.real!, c.fake, c.kPr);
    const dc = densityCoverage(c.real!, c.fake, c.kDc);
    assert.deepEqual({ ...pr, ...dc }, ref);
  }
}
