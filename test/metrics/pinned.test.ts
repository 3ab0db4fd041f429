/**
 * Reference values pinned to many digits (the torch-fidelity habit), so a regression shows up even
 * where /usr/bin/python3 is missing. Each was computed on these exact Philox matrices and agrees
 * with test/metrics/reference.py (NumPy) to ≤ 1e-9 relative — the same cases run there.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { densityCoverage } from '../../src/metrics/densityCoverage.js';
import { inceptionScore } from '../../src/metrics/inceptionScore.js';
import { kid } from '../../src/metrics/kid.js';
import { precisionRecall } from '../../src/metrics/precisionRecall.js';
import { gaussianRows, probabilityRows, relErr } from './fixtures.js';

test('KID over 7 seeded subsets of 40 is pinned', () => {
  const value = kid(gaussianRows(27, 90, 12), gaussianRows(28, 70, 12, 1.1), {
    subsets: 7,
    subsetSize: 40,
    seed: 11,
  });
  assert.ok(relErr(value.mean, 0.006416867047639473) < 1e-10, `${value.mean}`);
  assert.ok(relErr(value.std, 0.07977456719412866) < 1e-10, `${value.std}`);
});

test('IS over 10 splits is pinned', () => {
  const value = inceptionScore(probabilityRows(19, 500, 10, 0.5), 10);
  assert.ok(relErr(value.mean, 2.5935629569619634) < 1e-12, `${value.mean}`);
  assert.ok(relErr(value.std, 0.07307416051631405) < 1e-10, `${value.std}`);
});

test('precision/recall (k = 3) and density/coverage (k = 5) are pinned', () => {
  const real = gaussianRows(21, 200, 8);
  const fake = gaussianRows(22, 150, 8, 1.2, 0.3);
  assert.deepEqual(precisionRecall(real, fake, 3), { precision: 100 / 150, recall: 179 / 200 });
  const dc = densityCoverage(real, fake, 5);
  assert.equal(dc.coverage, 173 / 200);
  assert.ok(relErr(dc.density, 446 / 750) < 1e-15, `${dc.density}`);
});
