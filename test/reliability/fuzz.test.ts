/**
 * Fuzzing in CI (issue 17): a few hundred mutated inputs per parser (bench/reliability/fuzz.ts runs
 * tens of thousands); each parser returns or throws a GankitError, never another error, never hangs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFuzzFigures, fuzzParsers } from '../../bench/reliability/fuzz.js';

test('IDX, PNG, JPEG, .npy, checkpoint manifests and YAML configs survive mutated inputs', () => {
  const figures = fuzzParsers(400, 20261201);
  console.log(formatFuzzFigures(figures));
  for (const f of figures) {
    assert.equal(f.failure, undefined, `${f.target}: ${f.failure}`);
    assert.equal(f.cases, 400);
    // The mutations are not all fatal: some inputs still parse, so the accepting path is fuzzed too.
    assert.ok(
      f.accepted < f.cases,
      `${f.target}: every mutation was accepted; is the parser checking anything?`,
    );
  }
});
