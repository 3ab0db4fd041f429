/**
 * The kill -9 campaign (issue 17): trains a tiny preset in a child process, SIGKILLs it at random moments
 * — many of them inside a checkpoint write, which `GANKIT_FAULTS=pause-checkpoint:MS` stretches — and
 * resumes it each time, until it reaches its last step. After every kill each checkpoint folder is
 * checked (none may be damaged: saves are atomic), and at the end the final checkpoint's tensors
 * (weights, optimizer slots, EMA, buffers) must be bit-identical to those of an uninterrupted run.
 *
 *   node dist/bench/reliability/kill.js [--kills 25] [--steps 400]     (full size; prints the figures)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkpointDamage, checkpointName } from '../../src/train/checkpoint.js';
import { RunDir } from '../../src/train/run-dir.js';
import { isMain, parseOptions, runCli, tmpFolder } from './common.js';

export interface KillOptions {
  kills: number;
  steps: number;
  checkpointEvery: number;
  /** Milliseconds each checkpoint write pauses between its tensor file and its manifest. */
  pauseMs: number;
  /** Seed of the kill delays. */
  seed: number;
}

export interface KillFigures {
  kills: number;
  resumes: number;
  /** Kills that left a temporary checkpoint folder behind: they landed inside a checkpoint write. */
  killsInsideWrites: number;
  /** Damaged step-XXXXXX folders or `checkpoint skipped` messages seen over the whole campaign. */
  corruptCheckpoints: number;
  /** Per kill: the last step logged before it minus the step the next resume started from. */
  stepsLost: number[];
  finalStep: number;
  /** Final checkpoint's tensors identical to the uninterrupted run's (manifest SHA-256 and bytes). */
  identical: boolean;
  /** Loss rows identical to the uninterrupted run's, step for step. */
  sameLosses: boolean;
}

const PRESET = ['--preset', 'toy-ring', '--batch-size', '32', '--log-every', '1', '--sample-every', '100000'];

/** Runs the campaign in a fresh temporary folder. */
export async function killCampaign(o: KillOptions): Promise<KillFigures> {
  const root = tmpFolder('gankit-kill-');
  const common = [...PRESET, '--steps', String(o.steps), '--checkpoint-every', String(o.checkpointEvery)];
  const straight = path.join(root, 'straight');
  const ref = await runCli(['train', ...common, '--out', straight]);
  if (ref.code !== 0) throw new Error(`the uninterrupted run failed:\n${ref.stderr}`);

  const out = path.join(root, 'killed');
  const env = { GANKIT_FAULTS: `pause-checkpoint:${o.pauseMs}` };
  let rng = o.seed >>> 0 || 1;
  const random = () => {
    // xorshift32: the campaign's kill moments are reproducible from its seed.
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 2 ** 32;
  };
  const f: KillFigures = {
    kills: 0,
    resumes: 0,
    killsInsideWrites: 0,
    corruptCheckpoints: 0,
    stepsLost: [],
    finalStep: 0,
    identical: false,
    sameLosses: false,
  };
  let lastLogged = 0;
  for (let attempt = 0; ; attempt++) {
    const resume = existsSync(path.join(out, 'config.json'));
    const args = resume ? ['train', '--resume', '--out', out] : ['train', ...common, '--out', out];
    // Every other kill aims at a checkpoint write (the STEP line of a checkpoint step is printed just
    // before its save, which the pause stretches), the others at a random moment of a random step.
    const target = lastLogged + 1 + Math.floor(random() * 2 * o.checkpointEvery);
    const atWrite = f.kills % 2 === 0;
    const step = atWrite ? Math.ceil(target / o.checkpointEvery) * o.checkpointEvery : target;
    const kill = f.kills < o.kills && step < o.steps;
    const r = await runCli(args, {
      env,
      killAfterMs: kill ? random() * (atWrite ? o.pauseMs * 1.2 : 100) : undefined,
      killAfterLine: new RegExp(`^STEP=0*${step},`, 'm'),
    });
    if (resume) {
      f.resumes++;
      const from = /resumed (?:from .* )?at step (\d+)/.exec(r.stdout);
      if (!from)
        throw new Error(`resume ${f.resumes} did not report its checkpoint:\n${r.stdout}\n${r.stderr}`);
      if (attempt > 0 && f.stepsLost.length < f.kills) f.stepsLost.push(lastLogged - Number(from[1]));
    }
    if (/checkpoint skipped/.test(r.stdout)) f.corruptCheckpoints++;
    const logged = [...r.stdout.matchAll(/^STEP=(\d+)/gm)].map((m) => Number(m[1]));
    if (logged.length) lastLogged = logged.at(-1)!;
    if (r.killed) {
      f.kills++;
      const dir = path.join(out, 'checkpoints');
      if (existsSync(dir)) {
        const names = readdirSync(dir);
        if (names.some((n) => n.startsWith('.tmp-'))) f.killsInsideWrites++;
        for (const n of names.filter((n) => /^step-\d+$/.test(n)))
          if (checkpointDamage(path.join(dir, n))) f.corruptCheckpoints++;
      }
      continue;
    }
    if (r.code !== 0) throw new Error(`run ${attempt} failed (exit ${r.code}):\n${r.stderr}`);
    break;
  }
  const a = new RunDir(straight);
  const b = new RunDir(out);
  f.finalStep = b.readStatus()?.step ?? -1;
  const manifest = (run: RunDir) =>
    JSON.parse(readFileSync(path.join(run.checkpoints, checkpointName(o.steps), 'manifest.json'), 'utf8'));
  const [ma, mb] = [manifest(a), manifest(b)];
  f.identical = ma.sha256 === mb.sha256 && ma.bytes === mb.bytes;
  const losses = (run: RunDir) => run.readMetrics().map((row) => [row.step, row.d_loss, row.g_loss].join());
  f.sameLosses = losses(a).join('\n') === losses(b).join('\n');
  return f;
}

/** One line per figure, as the README quotes them. */
export function formatKillFigures(f: KillFigures): string {
  const lost = f.stepsLost;
  return [
    `kills: ${f.kills} (inside a checkpoint write: ${f.killsInsideWrites}), resumes: ${f.resumes}`,
    `corrupt checkpoints found: ${f.corruptCheckpoints}`,
    `steps lost per kill: max ${Math.max(0, ...lost)}, mean ${(lost.reduce((s, x) => s + x, 0) / Math.max(1, lost.length)).toFixed(2)}`,
    `final step: ${f.finalStep}; final tensors bit-identical to the uninterrupted run: ${f.identical}; losses identical: ${f.sameLosses}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const o = parseOptions({ kills: 25, steps: 400, checkpointEvery: 10, pauseMs: 150, seed: 17 });
  const f = await killCampaign(o);
  console.log(formatKillFigures(f));
  process.exitCode = f.corruptCheckpoints === 0 && f.identical && f.sameLosses ? 0 : 1;
}
