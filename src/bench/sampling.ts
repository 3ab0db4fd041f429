/**
 * The sampling part of `npm run bench` (`gankit bench --only sampling`): images per second of the
 * dcgan-fashion generator drawing 10,000 samples in batches of 500, the way `gankit eval` draws them
 * before scoring (`generateSamples`: latents from the evaluation stream, G's forward pass, the pixels
 * read back), on gankit's native backend and in PyTorch (bench/pytorch_dcgan.py `--sample`: G in eval
 * mode under torch.no_grad(), torch.randn latents), each at its best of a few rounds after a warm-up.
 * PyTorch is tried at every setting of {@link pytorchSettings} and the fastest is kept.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '../backend/index.js';
import { buildDcgan } from '../models/dcgan.js';
import { generateSamples } from '../train/evaluate.js';
import { PYTORCH_DIR, pytorchSettings, runPytorchScript } from './pytorch.js';

/** The samples `gankit eval` draws by default for FID, and its batch. */
export const SAMPLING_N = 10_000;
export const SAMPLING_BATCH = 500;
const ROUNDS = 2;

export interface SamplingBenchReport {
  n: number;
  batch: number;
  /** gankit native, best round. */
  gankit?: { imagesPerS: number } | { skipped: string };
  pytorch?: { imagesPerS: number; setting: string; tried: Record<string, number> } | { skipped: string };
}

/** Times both sides; `python` false skips PyTorch. */
export async function runSamplingBench(opts: {
  python: boolean;
  log?: (line: string) => void;
}): Promise<SamplingBenchReport> {
  const log = opts.log ?? (() => {});
  const report: SamplingBenchReport = { n: SAMPLING_N, batch: SAMPLING_BATCH };
  log(`sampling: ${SAMPLING_N} dcgan-fashion images on native…`);
  try {
    report.gankit = { imagesPerS: await gankitRate() };
  } catch (err) {
    report.gankit = { skipped: (err as Error).message.split('\n')[0] };
  }
  if (opts.python) {
    log('sampling: PyTorch…');
    report.pytorch = pytorchRate();
  }
  return report;
}

async function gankitRate(): Promise<number> {
  await initBackend('native');
  const { generator } = buildDcgan({ variant: 'fashion' }, { imageShape: [28, 28, 1], seed: 1 });
  const handle = { model: generator, latentDim: 100 };
  try {
    let best = 0;
    // One warm-up round (oneDNN builds its primitives), then the timed ones.
    for (let round = 0; round <= ROUNDS; round++) {
      const t = performance.now();
      for (let start = 0; start < SAMPLING_N; start += SAMPLING_BATCH)
        generateSamples(handle, Math.min(SAMPLING_BATCH, SAMPLING_N - start), round * 1000 + start);
      const rate = SAMPLING_N / ((performance.now() - t) / 1000);
      if (round > 0) best = Math.max(best, rate);
    }
    return best;
  } finally {
    generator.dispose();
  }
}

function pytorchRate(): SamplingBenchReport['pytorch'] {
  const script = 'pytorch_dcgan.py';
  if (!existsSync(path.join(PYTORCH_DIR, script)))
    return { skipped: `bench/${script} not present (source checkout only)` };
  const tried: Record<string, number> = {};
  const args = ['--model', 'fashion', '--sample', String(SAMPLING_N), '--batch', String(SAMPLING_BATCH)];
  for (const s of pytorchSettings(true)) {
    const res = runPytorchScript(
      script,
      [...args, ...s.args, '--steps', String(ROUNDS), '--warmup', '1'],
      s.threads,
    );
    if (!res.ok) return { skipped: res.error };
    tried[s.key] = res.out.images_per_s;
  }
  const best = Object.keys(tried).reduce((a, b) => (tried[b] > tried[a] ? b : a));
  return { imagesPerS: tried[best], setting: best, tried };
}

/** Lines of the plain-text report. */
export function formatSamplingReport(r: SamplingBenchReport): string {
  const g = r.gankit && 'imagesPerS' in r.gankit ? r.gankit.imagesPerS : undefined;
  const t = r.pytorch && 'imagesPerS' in r.pytorch ? r.pytorch : undefined;
  const skip = (x: { skipped: string } | object | undefined) =>
    x && 'skipped' in x ? `skipped (${x.skipped})` : '—';
  return [
    `sampling: dcgan-fashion G, ${r.n} images in batches of ${r.batch} (what gankit eval draws), best round:`,
    `  gankit native ${g !== undefined ? `${g.toFixed(0)} images/s` : skip(r.gankit)}; PyTorch ${
      t
        ? `${t.imagesPerS.toFixed(0)} images/s (best: ${t.setting} thread(s); ${Object.entries(t.tried)
            .map(([k, v]) => `${k}: ${v.toFixed(0)}`)
            .join(', ')})`
        : skip(r.pytorch)
    }${g !== undefined && t ? `; gankit / PyTorch throughput ${(g / t.imagesPerS).toFixed(2)}×` : ''}`,
  ].join('\n');
}
