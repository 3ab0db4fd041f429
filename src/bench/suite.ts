/**
 * The benchmark behind `npm run bench` and `gankit bench`, in sections (`only` runs one):
 * - `training`: milliseconds per GAN step of gankit's trainer (D on `batch` real + `batch` fake, then G
 *   on `batch`; BCE on logits; Adam) on each backend that starts, against the identical model and step in PyTorch
 *   (bench/pytorch_dcgan.py), plus achieved GFLOP/s and a memory check (tensor count per step and RSS
 *   over many native steps); then a pix2pix and a CycleGAN step at 64×64 against the official step of
 *   pytorch-CycleGAN-and-pix2pix (bench/pytorch_translation.py; translation.ts) and a StyleGAN step at
 *   32×32 against the same networks in PyTorch (bench/pytorch_stylegan.py; stylegan.ts); the translation rows have a
 *   target (≤ 0.7× PyTorch's time per step), and one that misses it comes with a kernel-by-kernel profile
 *   of one native step (profile.ts) saying where the time goes;
 * - `metrics`: FID and KID on 10,000 × 2,048 features, native OpenBLAS vs JavaScript vs SciPy
 *   (metrics.ts);
 * - `memory`: only the memory check, for long soaks.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BackendName, initBackend } from '../backend/index.js';
import { buildDcgan } from '../models/dcgan.js';
import { buildMlp } from '../models/mlp.js';
import { resolveConfig } from '../config/resolve.js';
import type { Objective } from '../train/objective.js';
import type { GanNetworks } from '../models/types.js';
import { GanObjective } from '../train/objectives/gan.js';
import { Trainer } from '../train/trainer.js';
import { UsageError } from '../util/errors.js';
import { median } from '../util/median.js';
import { type MetricsBenchReport, formatMetricsReport, runMetricsBench } from './metrics.js';
import { FixedBatchSource } from './fixed-batch.js';
import { type FloorMeasurement, formatFloor, measureFloor } from './floor.js';
import { formatProfile, profileStep, type StepProfile } from './profile.js';
import { PYTORCH_DIR, pytorchSettings, runPytorchScript } from './pytorch.js';
import { formatSamplingReport, runSamplingBench, type SamplingBenchReport } from './sampling.js';
import { STYLEGAN_BATCH, styleGanStepFlops, styleGanTrainer } from './stylegan.js';
import {
  TRANSLATION_BATCH,
  type TranslationPreset,
  translationStepFlops,
  translationTrainer,
} from './translation.js';

/**
 * One row of the training section: a gankit trainer on a fixed batch, and the PyTorch script and
 * arguments that run the same model and step. Every row is timed, reported and compared the same way
 * (warm-up, median of timed steps, PyTorch at 1 and 2 threads).
 */
interface BenchModel {
  name: string;
  /** Images per step (per domain for translation rows), the same on both frameworks. */
  batch: number;
  /** The PyTorch script under bench/, its arguments for the same model and step, and whether it takes `--channels-last`. */
  torch: { script: string; args: string[]; channelsLast?: boolean };
  /** gankit's trainer of this row, fed from one fixed batch. */
  trainer(seed: number): Trainer<Objective>;
  /** FLOPs of one step in dense and convolution layers, from the trainer's networks. */
  flops(trainer: Trainer<Objective>): number;
  /** Timed steps on native and in PyTorch (after warm-up). */
  steps: number;
  /** Timed steps on the slower backends (wasm, cpu), after one warm-up step. */
  slowSteps: number;
  /** Untimed steps first, on gankit's native backend and in PyTorch. */
  warmup: number;
  /** cpu is measured only where a step takes seconds, not minutes. */
  cpuFeasible: boolean;
  /**
   * The native wall time per step should be at most `target` × PyTorch's; a row that misses it (or has no
   * PyTorch measurement) gets a profile of one more native step.
   */
  target?: number;
  /** What differs between the two frameworks' steps, printed under the row. */
  note?: string;
  /**
   * Measure the step's compute floor on native (its convolution and matmul kernels replayed alone,
   * floor.ts); a number means the native step should be at most that many times the floor.
   */
  floor?: true | number;
}

const BATCH = 64;
/** The translation rows' goal: gankit native at most this × PyTorch's wall time per step. */
const TRANSLATION_TARGET = 0.7;
const CLASSIC_WIDTH = 32;

/** A DCGAN-style row: `build` makes G and D, trained by the GAN objective's step as bench/pytorch_dcgan.py. */
function ganRow(
  name: string,
  torchArgs: string[],
  build: () => GanNetworks,
  steps: number,
  cpuFeasible: boolean,
  { convolutional = true, floor = true as true | number } = {},
): BenchModel {
  return {
    name,
    batch: BATCH,
    torch: { script: 'pytorch_dcgan.py', args: torchArgs, channelsLast: convolutional },
    trainer: (seed) => benchTrainer(build(), seed),
    flops: (t) => stepFlops(t.objective.networks, BATCH),
    steps,
    slowSteps: Math.min(2, steps),
    warmup: 3,
    cpuFeasible,
    floor,
  };
}

/**
 * A translation row: the preset's trainer (translation.ts) against the official training step in
 * bench/pytorch_translation.py, after one warm-up step; `steps` are few since a step takes seconds (a
 * CycleGAN step tens of seconds on 2 cores), which keeps `npm run bench` within minutes.
 */
function translationRow(
  preset: TranslationPreset,
  torchModel: 'pix2pix' | 'cyclegan' | 'stargan',
  steps: number,
  slowSteps: number,
): BenchModel {
  const batch = TRANSLATION_BATCH;
  const size = preset === 'stargan-fashion' ? 28 : 64;
  return {
    name: `${preset} ${size}x${size} (batch ${batch})`,
    batch,
    torch: {
      script: 'pytorch_translation.py',
      args: ['--train', torchModel, '--batch', String(batch), '--size', String(size)],
    },
    trainer: (seed) => translationTrainer(preset, batch, seed),
    flops: (t) => translationStepFlops(preset, t.objective.networks, batch, forwardMacs),
    steps,
    slowSteps,
    warmup: 1,
    cpuFeasible: false,
    target: TRANSLATION_TARGET,
    note:
      preset === 'pix2pix-emoji'
        ? 'gankit computes G(x) twice per step (for D, then under G’s tape), PyTorch once; GFLOP counts the official step'
        : preset === 'stargan-fashion'
          ? 'four updates per step (D latent, D reference, G+F+E latent, G reference) + EMA; PyTorch without weight decay, as gankit'
          : undefined,
  };
}

export const BENCH_MODELS: BenchModel[] = [
  ganRow(
    'dcgan-fashion 28x28',
    ['--model', 'fashion'],
    () => buildDcgan({ variant: 'fashion' }, { imageShape: [28, 28, 1], seed: 1 }),
    8,
    false,
    // Issue 18's goal: the whole step within 1.5× of its convolution and GEMM work.
    { floor: 1.5 },
  ),
  ganRow(
    `dcgan-classic 64x64 (width ${CLASSIC_WIDTH})`,
    ['--model', 'classic', '--channels', String(CLASSIC_WIDTH)],
    () => buildDcgan({ variant: 'classic', channels: CLASSIC_WIDTH }, { imageShape: [64, 64, 3], seed: 1 }),
    4,
    false,
  ),
  ganRow(
    'mlp-gan 784',
    ['--model', 'mlp'],
    // G 100 → 256 → 512 → 784 (LeakyReLU 0.2, tanh), D 784 → 512 → 256 → 1 logit, as bench/pytorch_dcgan.py's `mlp`.
    () =>
      buildMlp(
        {
          latentDim: 100,
          generator: { hidden: [256, 512], activation: 'leaky_relu(0.2)', output: 'tanh' },
          discriminator: { hidden: [512, 256], activation: 'leaky_relu(0.2)' },
        },
        { imageShape: [28, 28, 1], seed: 1 },
      ),
    30,
    true,
    { convolutional: false },
  ),
  {
    name: `stylegan-emoji 32x32 (batch ${STYLEGAN_BATCH})`,
    batch: STYLEGAN_BATCH,
    torch: { script: 'pytorch_stylegan.py', args: ['--batch', String(STYLEGAN_BATCH)] },
    trainer: styleGanTrainer,
    flops: (t) => styleGanStepFlops(t.objective.networks, forwardMacs),
    steps: 6,
    slowSteps: 1,
    warmup: 2,
    cpuFeasible: false,
    note: 'R1 in every D step; gankit runs D on the real batch twice there (adversarial term, then R1), PyTorch once; GFLOP leaves R1 out',
  },
  translationRow('pix2pix-emoji', 'pix2pix', 3, 2),
  translationRow('cyclegan-emoji', 'cyclegan', 2, 1),
  translationRow('stargan-fashion', 'stargan', 5, 2),
];

/**
 * Multiply-accumulates of one forward pass per sample (Dense, Conv2D, Conv2DTranspose layers and their
 * equalised-LR forms; nested models counted through).
 */
function forwardMacs(model: tfl.LayersModel): number {
  let macs = 0;
  for (const layer of model.layers) {
    if (layer instanceof tfl.LayersModel) {
      macs += forwardMacs(layer);
      continue;
    }
    const kernel = layer.getWeights()[0];
    if (kernel === undefined || kernel.shape.length < 2) continue;
    const k = kernel.shape.reduce((a, b) => a * b, 1);
    const cls = layer.getClassName();
    if (cls === 'Dense' || cls === 'EqualizedDense') macs += k;
    else if (cls === 'Conv2D' || cls === 'EqualizedConv2D') {
      const out = layer.outputShape as number[];
      macs += k * out[1] * out[2];
    } else if (cls === 'Conv2DTranspose') {
      const inp = (layer.input as tfl.SymbolicTensor).shape as number[];
      macs += k * inp[1] * inp[2];
    }
  }
  return macs;
}

/**
 * FLOPs of one step: D step = G forward (B) + D forward and backward (2B, backward ≈ 2× forward);
 * G step = G forward and backward (B) + D forward and input-gradient (B). 2 FLOPs per MAC.
 */
function stepFlops(net: Readonly<Record<string, tfl.LayersModel>>, batch: number): number {
  const g = forwardMacs(net.generator);
  const d = forwardMacs(net.discriminator);
  return 2 * batch * (4 * g + 8 * d);
}

export interface BackendResult {
  backend: string;
  /** Median wall-clock time of a step. */
  msPerStep?: number;
  /** Process CPU time per step (all threads): robust to other load on the host, unlike wall time. */
  cpuMsPerStep?: number;
  gflops?: number;
  /** Why there is no measurement (backend missing, kernel missing, too slow). */
  skipped?: string;
}

export interface ModelResult {
  model: string;
  batch: number;
  gflopPerStep: number;
  backends: BackendResult[];
  /** The row's goal for native wall time per step as a multiple of PyTorch's. */
  target?: number;
  note?: string;
  /** Kernel-by-kernel profile of one native step, for a row that missed its target. */
  nativeProfile?: StepProfile;
  /** The native step's compute floor, and the goal for step time / floor where the row has one. */
  floor?: FloorMeasurement & { target?: number };
  pytorch?:
    | {
        msPerStep: number;
        cpuMsPerStep: number;
        /** The fastest of {@link pytorchSettings}: threads, and "channels-last" when that won. */
        setting: string;
        tried: Record<string, number>;
      }
    | { skipped: string };
}

export interface MemoryCheck {
  steps: number;
  tensorsConstant: boolean;
  tensorsPerStep: number[];
  rssStartMb: number;
  rssEndMb: number;
  /** Native storage (live + pooled) after the warm-up steps and at the end. */
  nativeStartMb: number;
  nativeEndMb: number;
  /** RSS in MB every {@link rssTraceEvery} steps: a leak shows as a trend, noise as scatter. */
  rssTraceMb: number[];
  rssTraceEvery: number;
}

/** The sections of the benchmark, in the order they run (`memory` alone is the long soak). */
export const BENCH_SECTIONS = ['training', 'metrics', 'sampling', 'memory'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

/** Checks an `--only` value; undefined means every section. */
export function parseBenchSection(value: string | undefined): BenchSection | undefined {
  if (value === undefined || BENCH_SECTIONS.includes(value as BenchSection)) return value as BenchSection;
  throw new UsageError(`bench: --only takes ${BENCH_SECTIONS.join(', ')}, got '${value}'`);
}

export interface BenchReport {
  batch: number;
  threads?: number;
  results: ModelResult[];
  memory?: MemoryCheck | { skipped: string };
  /** Kernels that ran on the cpu fallback during native steps (should be empty). */
  nativeFallbacks?: string[];
  metrics?: MetricsBenchReport;
  sampling?: SamplingBenchReport;
}

/**
 * gankit's own trainer on a GAN: what `gankit train` runs (its Adam with PyTorch's update rule, the
 * fused native update, the functional-model runner), with the seeds' step: D on `batch` real + `batch`
 * fake, then G on `batch` fresh codes, BCE on logits, Adam 2e-4, β (0.5, 0.999), as in the PyTorch script.
 */
function benchTrainer(net: GanNetworks, seed: number): Trainer<GanObjective> {
  const config = resolveConfig({ preset: 'gan-mnist', overrides: { train: { batchSize: BATCH, seed } } });
  return new Trainer(
    config,
    new GanObjective(config, net, new FixedBatchSource(net.imageShape, BATCH, seed)),
  );
}

/**
 * Median wall time and mean CPU time of `steps` steps after `warmup`; when `profileIf` holds for the
 * median, one more step is profiled kernel by kernel (not timed); with `floor`, one more step is
 * recorded and its convolution and matmul kernels replayed alone (floor.ts).
 */
async function timeBackend(
  m: BenchModel,
  backend: BackendName,
  steps: number,
  warmup: number,
  { profileIf = () => false, floor = false }: { profileIf?: (ms: number) => boolean; floor?: boolean } = {},
): Promise<{ ms: number; cpuMs: number; profile?: StepProfile; floor?: FloorMeasurement }> {
  await initBackend(backend);
  const trainer = m.trainer(1);
  try {
    for (let i = 0; i < warmup; i++) trainer.trainStep();
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      trainer.trainStep();
      times.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    const ms = median(times);
    const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
    return {
      ms,
      cpuMs,
      profile: profileIf(ms) ? await profileStep(trainer) : undefined,
      floor: floor ? await measureFloor(trainer) : undefined,
    };
  } finally {
    trainer.dispose();
  }
}

/** The parts of the native backend the report reads (typed loosely: the addon may be absent). */
interface NativeStats {
  fallback: { calls: Map<string, number> };
  addon: { stats(): { liveBytes: number; pooledBytes: number; threads: number } };
}

/** Runs `steps` native steps and records tensor counts and RSS (leaks show as growth). */
async function memoryCheck(m: BenchModel, steps: number): Promise<MemoryCheck> {
  await initBackend('native');
  const trainer = m.trainer(2);
  const tensorsPerStep: number[] = [];
  const nativeMb = () => {
    const s = (tf.backend() as unknown as NativeStats).addon.stats();
    return Math.round((s.liveBytes + s.pooledBytes) / 2 ** 20);
  };
  let rssStart = 0;
  let nativeStart = 0;
  const rssTraceMb: number[] = [];
  // Ten points whatever the length of the run.
  const traceEvery = Math.max(1, Math.floor(steps / 10));
  for (let i = 0; i < steps; i++) {
    trainer.trainStep();
    tensorsPerStep.push(tf.memory().numTensors);
    if (i === 4) {
      rssStart = process.memoryUsage().rss;
      nativeStart = nativeMb();
    }
    if ((i + 1) % traceEvery === 0) rssTraceMb.push(Math.round(process.memoryUsage().rss / 2 ** 20));
  }
  const rssEnd = process.memoryUsage().rss;
  const nativeEnd = nativeMb();
  trainer.dispose();
  return {
    steps,
    tensorsConstant: tensorsPerStep.every((n) => n === tensorsPerStep[0]),
    tensorsPerStep: [...new Set(tensorsPerStep)],
    rssStartMb: Math.round(rssStart / 2 ** 20),
    rssEndMb: Math.round(rssEnd / 2 ** 20),
    nativeStartMb: nativeStart,
    nativeEndMb: nativeEnd,
    rssTraceMb,
    rssTraceEvery: traceEvery,
  };
}

/** PyTorch at every {@link pytorchSettings} setting, with the row's timed and warm-up steps; reports the fastest. */
function pytorch(m: BenchModel): ModelResult['pytorch'] {
  if (!existsSync(path.join(PYTORCH_DIR, m.torch.script)))
    return { skipped: `bench/${m.torch.script} not present (source checkout only)` };
  const tried: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const steps = ['--steps', String(m.steps), '--warmup', String(m.warmup)];
  for (const setting of pytorchSettings(m.torch.channelsLast ?? false)) {
    const res = runPytorchScript(
      m.torch.script,
      [...m.torch.args, ...setting.args, ...steps],
      setting.threads,
    );
    if (!res.ok) return { skipped: res.error };
    tried[setting.key] = res.out.ms_per_step;
    cpu[setting.key] = res.out.cpu_ms_per_step;
  }
  const best = Object.keys(tried).reduce((a, b) => (tried[b] < tried[a] ? b : a));
  return { msPerStep: tried[best], cpuMsPerStep: cpu[best], setting: best, tried };
}

export interface BenchOptions {
  backends: BackendName[];
  /** Also time the cpu backend on convolutional models (minutes per step). */
  cpuConv: boolean;
  /** Run the Python references (PyTorch for training, SciPy/NumPy for metrics). */
  pytorch: boolean;
  /** Run only this section (default: training and metrics; `memory` runs only the memory check). */
  only?: BenchSection;
  /** Native dcgan-fashion steps of the memory check (default 40; a soak wants thousands). */
  memorySteps?: number;
  /** Time only the training rows whose name contains this (and skip the memory check). */
  model?: string;
  log?: (line: string) => void;
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const log = opts.log ?? (() => {});
  const report: BenchReport = { batch: BATCH, results: [] };
  if (opts.only === 'memory') {
    await runMemoryCheck(opts, report, log);
    return report;
  }
  const all = opts.only === undefined;
  if (all || opts.only === 'training') await runTraining(opts, report, log);
  if ((all && opts.model === undefined) || opts.only === 'sampling')
    report.sampling = await runSamplingBench({ python: opts.pytorch, log });
  if (all || opts.only === 'metrics') report.metrics = runMetricsBench({ python: opts.pytorch, log });
  return report;
}

/** The memory check on the native backend, when it is among the backends. */
async function runMemoryCheck(opts: BenchOptions, report: BenchReport, log: (line: string) => void) {
  if (!opts.backends.includes('native')) return;
  const steps = opts.memorySteps ?? 40;
  try {
    log(`memory check: ${steps} native dcgan-fashion steps…`);
    report.memory = await memoryCheck(BENCH_MODELS[0], steps);
  } catch (err) {
    report.memory = { skipped: (err as Error).message };
  }
}

/** The training section: memory check, then every model on every backend (and PyTorch). */
async function runTraining(
  opts: BenchOptions,
  report: BenchReport,
  log: (line: string) => void,
): Promise<void> {
  const rows = BENCH_MODELS.filter((m) => opts.model === undefined || m.name.includes(opts.model));
  if (rows.length === 0)
    throw new UsageError(
      `bench: no training row matches --model '${opts.model}'; rows: ${BENCH_MODELS.map((m) => m.name).join('; ')}`,
    );
  // The memory check runs first, so the models benchmarked later do not inflate its RSS.
  if (opts.model === undefined) await runMemoryCheck(opts, report, log);
  for (const m of rows) {
    await initBackend('cpu');
    const probe = m.trainer(1);
    const flops = m.flops(probe);
    probe.dispose();
    const result: ModelResult = {
      model: m.name,
      batch: m.batch,
      gflopPerStep: flops / 1e9,
      backends: [],
      target: m.target,
      note: m.note,
    };
    // PyTorch first: a row with a target profiles its native step only when it misses the target.
    if (opts.pytorch) {
      log(`${m.name}: PyTorch…`);
      result.pytorch = pytorch(m);
    }
    const torchMs = result.pytorch && 'msPerStep' in result.pytorch ? result.pytorch.msPerStep : undefined;
    const target = m.target;
    const missed =
      target === undefined ? () => false : (ms: number) => torchMs === undefined || ms > target * torchMs;
    for (const backend of opts.backends) {
      if (backend === 'cpu' && !m.cpuFeasible && !opts.cpuConv) {
        result.backends.push({
          backend,
          skipped:
            'convolution gradients take minutes per step on cpu (≈280 s for dcgan-fashion); --cpu to measure',
        });
        continue;
      }
      log(`${m.name}: ${backend}…`);
      try {
        const t =
          backend === 'native'
            ? await timeBackend(m, backend, m.steps, m.warmup, {
                profileIf: missed,
                floor: m.floor !== undefined,
              })
            : await timeBackend(m, backend, m.slowSteps, 1);
        result.backends.push({ backend, msPerStep: t.ms, cpuMsPerStep: t.cpuMs, gflops: flops / 1e6 / t.ms });
        if (t.profile) result.nativeProfile = t.profile;
        if (t.floor) result.floor = { ...t.floor, target: typeof m.floor === 'number' ? m.floor : undefined };
      } catch (err) {
        result.backends.push({ backend, skipped: (err as Error).message.split('\n')[0] });
      }
    }
    report.results.push(result);
  }
  const native = tf.findBackend('native') as unknown as NativeStats | null;
  if (native) {
    report.nativeFallbacks = [...native.fallback.calls.keys()];
    report.threads = native.addon.stats().threads;
  }
}

const fmt = (x: number | undefined, digits = 1) => (x === undefined ? '—' : x.toFixed(digits));

const COLUMNS = ['model', 'backend', 'ms/step', 'CPU ms/step', 'GFLOP/s', 'vs PyTorch (wall, CPU)'];

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padEnd(i === 0 ? 32 : 13)).join('');
}

/** The report as a plain-text table. */
export function formatReport(r: BenchReport): string {
  const lines: string[] = [];
  if (r.results.length > 0) {
    lines.push(
      `batch ${r.batch} unless a row names its own; native threads ${r.threads ?? '—'}; GFLOP/s from wall time`,
      row(COLUMNS),
    );
  }
  for (const m of r.results) {
    const torch = m.pytorch && 'msPerStep' in m.pytorch ? m.pytorch : undefined;
    for (const b of m.backends) {
      if (b.skipped) {
        lines.push(row([m.model, b.backend, 'skipped', '', '', b.skipped]));
        continue;
      }
      const ratio = torch
        ? `${(b.msPerStep! / torch.msPerStep).toFixed(2)}×, ${(b.cpuMsPerStep! / torch.cpuMsPerStep).toFixed(2)}×`
        : '—';
      lines.push(row([m.model, b.backend, fmt(b.msPerStep), fmt(b.cpuMsPerStep), fmt(b.gflops), ratio]));
    }
    if (torch) {
      const tried = Object.entries(torch.tried)
        .map(([t, ms]) => `${t}: ${ms.toFixed(1)} ms`)
        .join(', ');
      lines.push(
        row([
          m.model,
          'pytorch',
          fmt(torch.msPerStep),
          fmt(torch.cpuMsPerStep),
          fmt((m.gflopPerStep * 1e3) / torch.msPerStep),
          `best: ${torch.setting} thread(s) (${tried})`,
        ]),
      );
    } else if (m.pytorch && 'skipped' in m.pytorch) {
      lines.push(row([m.model, 'pytorch', 'skipped', '', '', m.pytorch.skipped]));
    }
    lines.push(`${''.padEnd(32)}(${m.gflopPerStep.toFixed(2)} GFLOP per step in dense/conv layers)`);
    if (m.note) lines.push(`${''.padEnd(32)}${m.note}`);
    const native = m.backends.find((b) => b.backend === 'native' && b.msPerStep !== undefined);
    if (m.target !== undefined && native && torch) {
      const ratio = native.msPerStep! / torch.msPerStep;
      lines.push(
        `${''.padEnd(32)}target native ≤ ${m.target.toFixed(2)}× PyTorch: ${ratio <= m.target ? 'met' : 'MISSED'} (${ratio.toFixed(2)}×)`,
      );
    }
    if (m.floor && native) lines.push(...formatFloor(m.floor, native.msPerStep!, ''.padEnd(32)));
    if (m.nativeProfile) lines.push(...formatProfile(m.nativeProfile, ''.padEnd(32)));
  }
  if (r.memory && 'steps' in r.memory) {
    const mem = r.memory;
    lines.push(
      `memory: ${mem.steps} native dcgan-fashion steps; tensors after each step ` +
        `${mem.tensorsConstant ? 'constant' : 'GROWING'} (${mem.tensorsPerStep.join(', ')}); ` +
        `RSS ${mem.rssStartMb} → ${mem.rssEndMb} MB (every ${mem.rssTraceEvery} steps: ` +
        `${mem.rssTraceMb.join(', ')}); native storage ${mem.nativeStartMb} → ${mem.nativeEndMb} MB`,
    );
  } else if (r.memory) {
    lines.push(`memory check skipped: ${r.memory.skipped}`);
  }
  if (r.nativeFallbacks) {
    lines.push(
      `native cpu fallbacks during steps: ${r.nativeFallbacks.length ? r.nativeFallbacks.join(', ') : 'none'}`,
    );
  }
  if (r.sampling) lines.push(formatSamplingReport(r.sampling));
  if (r.metrics) lines.push(formatMetricsReport(r.metrics));
  return lines.join('\n');
}
