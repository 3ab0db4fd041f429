/**
 * The linear domain probe (src/train/domain-probe.ts) on features whose separability is known: two
 * domains drawn from one distribution score chance (0.5), two whose means differ by 3 standard
 * deviations along one of 20 directions (which the probe must find) score what the optimal linear rule
 * does on held-out rows, Φ(1.5) ≈ 0.933.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../src/backend/index.js';
import type { FeatureMatrix } from '../../src/metrics/types.js';
import { domainProbeAccuracy } from '../../src/train/domain-probe.js';
import { Rng } from '../../src/util/rng.js';

await initBackend('cpu');

const COLS = 20;

/** `rows` Gaussian feature rows, mean `shift` in column 7 and 0 elsewhere, unit variance. */
function blob(rng: Rng, rows: number, shift: number): FeatureMatrix {
  const data = rng.normal(rows * COLS);
  for (let i = 0; i < rows; i++) data[i * COLS + 7] += shift;
  return { rows, cols: COLS, data };
}

function probe(shift: number, seed: number): number {
  const rng = new Rng(seed, 0);
  return domainProbeAccuracy(
    { source: blob(rng, 600, 0), target: blob(rng, 400, shift) },
    { source: blob(rng, 2000, 0), target: blob(rng, 2000, shift) },
  );
}

test('the probe scores chance on one distribution and the Bayes rate on a known shift', () => {
  for (const seed of [1, 2]) {
    const same = probe(0, seed);
    assert.ok(Math.abs(same - 0.5) < 0.04, `identical domains: ${same}`);
    const shifted = probe(3, seed);
    // Bayes rate of two unit Gaussians 3 apart: Φ(1.5) = 0.9332; 2,000 test rows each (σ ≈ 0.004).
    assert.ok(Math.abs(shifted - 0.9332) < 0.02, `shift 3σ: ${shifted}`);
  }
});
