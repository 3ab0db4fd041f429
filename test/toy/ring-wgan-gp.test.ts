/**
 * Training that must learn, through the command line as a user runs it: WGAN-GP (preset
 * `toy-ring-wgan-gp`) on the ring of 8 Gaussians covers at least 7 of the 8 modes and stays there, with a
 * high-quality fraction no generator that merely found the ring could reach. Deterministic by seed.
 *
 * Metrics are the ones `gankit train` logs (metrics.jsonl, every 50 steps, on 2,500 fixed-noise samples):
 * a mode is covered when ≥ 20 samples lie within 3σ of it (PacGAN's rule; VEEGAN's high-quality radius).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gankit, tmpDir } from '../helpers.js';

interface Row {
  step: number;
  modes_covered: number;
  high_quality: number;
}

test('toy-ring-wgan-gp covers ≥ 7/8 modes by step 850 and keeps them to step 1000', () => {
  const out = path.join(tmpDir(), 'run');
  // Seed 1 of the measured seeds 1–10, all of which pass (presets/toy-ring-wgan-gp.yaml). Seeds 7, 9 and 10
  // still had 5–6 modes at step 800; every seed has ≥ 7 from 850 on and 9 of the 10 end with 8.
  const r = gankit(['train', '--preset', 'toy-ring-wgan-gp', '--seed', '1', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const rows: Row[] = readFileSync(path.join(out, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(rows.at(-1)!.step, 1000);
  // Not vacuous: the untrained generator covers nothing (its samples sit near the origin).
  assert.ok(rows[0].modes_covered <= 1, `step ${rows[0].step}: ${rows[0].modes_covered} modes already`);
  const late = rows.filter((row) => row.step >= 850);
  for (const row of late) assert.ok(row.modes_covered >= 7, `step ${row.step}: ${row.modes_covered}/8 modes`);
  // Why 0.15: a generator spread evenly along the circle of radius 2, even exactly on it, puts only
  // 8 · 2 · 3σ / (2π · 2) = 7.6 % of its samples within 3σ of a mode (σ = 0.02); twice that means the mass
  // gathers on the modes. (Measured at step 1000: 0.32–0.46 for seeds 1–10.)
  const last = rows.at(-1)!;
  assert.ok(last.high_quality >= 0.15, `high-quality fraction ${last.high_quality}`);
});
