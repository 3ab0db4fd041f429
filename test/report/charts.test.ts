/**
 * The charts a run's metrics.jsonl columns make: the terms of every phase of every family in their own
 * chart (CycleGAN's ten included), metrics with ± std bands, learning rates, and seconds per step
 * computed from `time` only between rows that carry one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartSpecs, chartsFor, SECONDS_PER_STEP, toColumns } from '../../src/report/charts.js';

test('every phase of a CycleGAN run gets one chart with all its terms', () => {
  const terms = [
    'G/adv_AB',
    'G/adv_BA',
    'G/cycle_A',
    'G/cycle_B',
    'G/idt_AB',
    'G/idt_BA',
    'D/real_B',
    'D/fake_B',
    'D/real_A',
    'D/fake_A',
  ];
  const specs = chartSpecs([
    'step',
    'd_loss',
    'g_loss',
    ...terms,
    'lr_generator',
    'lr_discriminator',
    'time',
    SECONDS_PER_STEP,
  ]);
  assert.deepEqual(
    specs.map((s) => s.title),
    ['Losses (each side’s total)', 'G loss terms', 'D loss terms', 'Learning rates', 'Seconds per step'],
  );
  assert.deepEqual(
    specs.flatMap((s) => s.series.map((x) => x.key)).filter((k) => k.includes('/')),
    terms,
  );
  assert.deepEqual(
    specs[3].series.map((s) => s.label),
    ['generator', 'discriminator'],
  );
});

test('metrics with a spread are banded, seconds per step skip rows without a time', () => {
  const rows: Record<string, number>[] = [
    { step: 100, d_loss: 1, g_loss: 2, time: 10 },
    { step: 200, d_loss: 1, g_loss: 2, time: 30, kid_mean: 0.5, kid_std: 0.1, fid: 40 },
    // `gankit eval` appends scores without a time: not an interval.
    { step: 200, fid: 38 },
    { step: 400, d_loss: 1, g_loss: 2, time: 50 },
  ];
  const cols = toColumns(rows);
  assert.deepEqual(cols[SECONDS_PER_STEP], [null, 0.2, null, 0.1]);
  assert.deepEqual(cols['kid_mean:lo'], [null, 0.4, null, null]);
  assert.deepEqual(cols['kid_mean:hi'], [null, 0.6, null, null]);
  const specs = chartsFor([cols]);
  const kid = specs.find((s) => s.title.startsWith('kid'))!;
  assert.deepEqual(kid.series, [
    { label: 'kid_mean', key: 'kid_mean', band: { lo: 'kid_mean:lo', hi: 'kid_mean:hi' } },
  ]);
  assert.ok(!specs.some((s) => s.series.some((x) => x.key === 'kid_std')), 'the std is the band, not a line');
  assert.ok(specs.some((s) => s.title === 'fid'));
});
