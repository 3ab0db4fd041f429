/**
 * Numerical and disk faults (issue 17), injected with `GANKIT_FAULTS` (src/train/faults.ts): a NaN in a
 * loss, a gradient or a weight is caught within a step and rolled back to the last good checkpoint with
 * halved learning rates, a fault that keeps coming stops the run with a report, and a full disk stops it
 * with the newest intact checkpoint kept and resumable. A user error is one line, never a stack trace.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkpointDamage, latestCheckpoint } from '../../src/train/checkpoint.js';
import { RunDir } from '../../src/train/run-dir.js';
import { assertUserError, gankit, tmpDir } from '../helpers.js';

const TOY = ['--preset', 'toy-ring', '--batch-size', '32', '--log-every', '1', '--sample-every', '1000'];

test('NaN in a loss, a gradient and a weight: each rolled back to the last checkpoint with halved learning rates', () => {
  const out = path.join(tmpDir(), 'run');
  const r = gankit(['train', ...TOY, '--steps', '20', '--checkpoint-every', '5', '--out', out], {
    env: { GANKIT_FAULTS: 'nan-loss@12,nan-grad@16,nan-weight@20' },
  });
  assert.equal(r.code, 0, r.stderr);
  const events = new RunDir(out).readEvents();
  assert.deepEqual(
    events.map((e) => [e.step, e.to_step, e.lr_scale]),
    // The NaN loss is seen at its step; the NaN gradient spoils D's weights after a finite D loss, and
    // the G phase of the same step, through D, sees it; the spoilt weight of step 20 is refused by the
    // checkpoint of step 20.
    [
      [12, 10, 0.5],
      [16, 15, 0.25],
      [20, 15, 0.125],
    ],
  );
  assert.match(String(events[0].reason), /losses became non-finite/);
  assert.match(String(events[2].reason), /weight generator\/.* became non-finite/);
  const rows = new RunDir(out).readMetrics();
  assert.deepEqual(
    rows.map((row) => row.step),
    Array.from({ length: 20 }, (_, i) => i + 1),
    'rolled-back rows are replaced',
  );
  assert.ok(rows.every((row) => Number.isFinite(row.d_loss) && Number.isFinite(row.g_loss)));
  assert.equal(rows.at(-1)!.lr_generator, rows[0].lr_generator * 0.125, 'the decays compound');
  assert.equal(new RunDir(out).readStatus()?.state, 'finished');
});

test('a fault that repeats after every rollback stops the run after maxRollbacks with a report', () => {
  const out = path.join(tmpDir(), 'run');
  const r = gankit(['train', ...TOY, '--steps', '20', '--checkpoint-every', '5', '--out', out], {
    env: { GANKIT_FAULTS: 'inf-loss@7-' },
  });
  assertUserError(r, /losses became non-finite .* at step 7 after 3 rollbacks; lower the learning rates/);
  const events = new RunDir(out).readEvents();
  assert.deepEqual(
    events.map((e) => e.event),
    ['rollback', 'rollback', 'rollback', 'stop'],
  );
  const status = new RunDir(out).readStatus()!;
  assert.equal(status.state, 'failed');
  assert.match(status.error!, /after 3 rollbacks/);
  assert.equal(checkpointDamage(latestCheckpoint(path.join(out, 'checkpoints'))!), undefined);
});

test('a full disk during a checkpoint stops the run; the newest intact checkpoint is kept and resumes', () => {
  const out = path.join(tmpDir(), 'run');
  const common = [...TOY, '--steps', '20', '--checkpoint-every', '5', '--out', out];
  const r = gankit(['train', ...common], { env: { GANKIT_FAULTS: 'enospc-checkpoint@10' } });
  assertUserError(
    r,
    /checkpoint step-000010 could not be written: .*tensors\.bin: no space left on the device \(ENOSPC\)\. The newest intact checkpoint, step-000005, is kept; free disk space .* --resume/,
  );
  const ckpts = path.join(out, 'checkpoints');
  assert.deepEqual(readdirSync(ckpts).sort(), ['latest', 'step-000005'], 'no half-written folder left');
  assert.equal(new RunDir(out).readStatus()?.state, 'failed');
  const resumed = gankit(['train', '--resume', '--out', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /resumed from .*step-000005 at step 5/);
  assert.equal(new RunDir(out).readStatus()?.step, 20);

  // Checkpoints deleted or truncated by hand: the newest intact one is found and named.
  rmSync(path.join(ckpts, 'step-000020'), { recursive: true });
  truncateSync(path.join(ckpts, 'step-000015', 'tensors.bin'), 100);
  const skipped: string[] = [];
  const found = latestCheckpoint(ckpts, (f, why) => skipped.push(`${path.basename(f)}: ${why}`));
  assert.equal(path.basename(found!), 'step-000010');
  assert.match(skipped[0], /^step-000020: .*manifest\.json: missing or unreadable \(ENOENT\)/);
  assert.match(
    skipped[1],
    /^step-000015: .*tensors\.bin: truncated: the manifest records \d+ bytes, the file has 100/,
  );
  // A flipped byte is caught by the hash even when the size is right.
  const bin = path.join(ckpts, 'step-000010', 'tensors.bin');
  const bytes = readFileSync(bin);
  bytes[7] ^= 1;
  writeFileSync(bin, bytes);
  assert.match(checkpointDamage(path.join(ckpts, 'step-000010'))!, /damaged: its SHA-256 differs/);
  bytes[7] ^= 1;
  writeFileSync(bin, bytes);
  writeFileSync(path.join(ckpts, 'latest'), '../../../etc\n');
  assert.equal(path.basename(latestCheckpoint(ckpts)!), 'step-000010', 'latest may only name a step folder');
});

test('an unwritable output folder is a clear error', () => {
  const root = tmpDir();
  writeFileSync(path.join(root, 'file'), '');
  const r = gankit(['train', ...TOY, '--steps', '2', '--out', path.join(root, 'file', 'run')]);
  assertUserError(r, /file\/run: a part of the path is a file, not a folder \(ENOTDIR\)/);
  assert.ok(!existsSync(path.join(root, 'file', 'run')));
});
