/** gankit eval with a user's GraphModel as the feature extractor, and its usage and input errors. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { gankit, tmpDir } from '../helpers.js';
import { FIXTURE_FEATURE_NODE, writeGraphFixture } from '../metrics/graphFixture.js';

const dir = tmpDir();
const run = path.join(dir, 'run');
const graph = path.join(dir, 'graph', 'model.json');

before(() => {
  const t = gankit(['train', '--preset', 'gan-mnist', '--steps', '2', '--limit', '200', '--out', run]);
  assert.equal(t.code, 0, t.stderr);
  writeGraphFixture(graph, 1);
});

/** `gankit eval --run RUN ARGS…` with the fixture graph as extractor. */
const evalWith = (...args: string[]) =>
  gankit(['eval', '--run', run, '--n', '40', '--metrics', 'fid,is', '--json', '--extractor', graph, ...args]);

/** An exit-2 failure: one paragraph matching `message`, no stack trace. */
function assertUserError(r: ReturnType<typeof gankit>, message: RegExp) {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

test('eval reads features from a node of a GraphModel extractor', () => {
  const r = evalWith('--layer', FIXTURE_FEATURE_NODE, '--input-range', '0,1');
  assert.equal(r.code, 0, r.stderr);
  const v = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  assert.equal(v.extractor, graph);
  assert.ok(Number.isFinite(v.fid) && v.fid >= 0, `fid ${v.fid}`);
  assert.ok(v.is_mean >= 1 && v.is_mean <= 5, `IS ${v.is_mean} over the fixture's 5 classes`);
});

test('eval refuses a missing node, a malformed model.json and bad extractor flags, exit 2', () => {
  assertUserError(
    evalWith('--layer', 'pool_3'),
    /model\.json: the graph has no node 'pool_3'\. Nodes with a similar name: pool \(Mean\)/,
  );
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, '{"format": "graph-model", "modelTopology": ');
  assertUserError(
    gankit(['eval', '--run', run, '--extractor', bad, '--layer', 'pool']),
    /bad\.json: not valid JSON/,
  );
  writeFileSync(bad, '{"modelTopology": {"nodes": []}}');
  assertUserError(
    gankit(['eval', '--run', run, '--extractor', bad, '--layer', 'pool']),
    /bad\.json: neither a tfjs LayersModel nor a GraphModel: format null, modelTopology with keys \[nodes\]/,
  );
  assertUserError(
    evalWith('--layer', 'pool', '--input-range', '1,0'),
    /--input-range must be two numbers LO,HI/,
  );
  assertUserError(
    evalWith('--layer', 'pool', '--input-size', '299'),
    /--input-size must be two positive integers/,
  );
  assertUserError(
    gankit(['eval', '--run', run, '--input-range', '0,1']),
    /--input-range and --input-size describe an --extractor/,
  );
});
