/**
 * The run directory (docs/architecture.md "Contracts"): config.json, status.json, metrics.jsonl,
 * events.jsonl, samples/, checkpoints/, report.html. This module owns its paths, the names of its
 * metrics columns beyond the losses, and the rules for creating or resuming one.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GanConfig } from '../config/types.js';
import { validateConfig } from '../config/validate.js';
import { GankitError, InputError, UsageError } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs.js';
import { checkpointName, latestCheckpoint } from './checkpoint.js';
import { LOCK_FILE } from './run-lock.js';

/** Prefix of the metrics.jsonl columns holding each optimizer's learning rate (`lr_generator`). */
export const LR_PREFIX = 'lr_';

/**
 * What status.json says: whether the run is training, finished or failed, the process that trains it
 * (a `running` run whose process is gone was killed), the backend and the step counts.
 */
export interface RunStatus {
  state: 'running' | 'finished' | 'failed';
  pid: number;
  /** The machine of that process (runs of a sweep train on several). */
  host?: string;
  backend: string;
  step: number;
  steps: number;
  /** ISO times of the (last) start and of this update. */
  started: string;
  updated: string;
  /** The error a failed run stopped with. */
  error?: string;
}

/** Parses JSON lines, skipping blank ones and a last line still being written (or cut by a crash). */
export function parseJsonLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A torn line (a run killed mid-write) carries no complete record.
    }
  }
  return out;
}

export class RunDir {
  constructor(readonly root: string) {}

  get configFile(): string {
    return path.join(this.root, 'config.json');
  }
  get metricsFile(): string {
    return path.join(this.root, 'metrics.jsonl');
  }
  get statusFile(): string {
    return path.join(this.root, 'status.json');
  }
  get eventsFile(): string {
    return path.join(this.root, 'events.jsonl');
  }
  get reportFile(): string {
    return path.join(this.root, 'report.html');
  }
  get checkpoints(): string {
    return path.join(this.root, 'checkpoints');
  }
  get samples(): string {
    return path.join(this.root, 'samples');
  }
  samplePath(step: number): string {
    return path.join(this.samples, `step-${String(step).padStart(6, '0')}.png`);
  }

  /**
   * The checkpoint folder of `step`, or the latest one when `step` is undefined; a run without one is a
   * usage error saying so.
   */
  checkpointFolder(step?: number): string {
    const folder =
      step === undefined
        ? latestCheckpoint(this.checkpoints)
        : path.join(this.checkpoints, checkpointName(step));
    if (!folder) throw new UsageError(`${this.root} has no checkpoint yet; train it first`);
    return folder;
  }

  /** True when the folder already holds a run. */
  exists(): boolean {
    return existsSync(this.configFile);
  }

  /** Creates a fresh run folder; refuses to overwrite an existing run. */
  create(config: GanConfig): void {
    if (this.exists()) {
      throw new UsageError(
        `${this.root} already holds a run; pass --resume to continue it, or --out NEW_DIR for a new run`,
      );
    }
    if (existsSync(this.root) && readdirSync(this.root).some((f) => f !== LOCK_FILE)) {
      throw new UsageError(`${this.root} exists and is not empty; choose another --out`);
    }
    mkdirSync(this.samples, { recursive: true });
    mkdirSync(this.checkpoints, { recursive: true });
    this.writeConfig(config);
  }

  writeConfig(config: GanConfig): void {
    writeFileAtomic(this.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }

  /** The run's config, checked as `gankit train` checks one: a damaged or hand-edited file is an InputError. */
  readConfig(): GanConfig {
    if (!this.exists())
      throw new UsageError(`${this.root} holds no run (no config.json); nothing to resume or sample from`);
    const damaged = 'The run folder is damaged: restore config.json from a copy, or start a new run';
    let config: unknown;
    try {
      config = JSON.parse(readFileSync(this.configFile, 'utf8'));
    } catch (err) {
      throw new InputError(this.configFile, `unreadable run config (${(err as Error).message})`, damaged);
    }
    try {
      validateConfig(config);
    } catch (err) {
      if (!(err instanceof GankitError)) throw err;
      throw new InputError(this.configFile, `not a valid run config: ${err.message}`, damaged);
    }
    return config;
  }

  /** Appends one metrics row. */
  log(row: Record<string, number>): void {
    appendFileSync(this.metricsFile, `${JSON.stringify(row)}\n`);
  }

  /** Appends a monitor event (rollbacks) to events.jsonl. */
  event(e: Record<string, unknown>): void {
    appendFileSync(this.eventsFile, `${JSON.stringify(e)}\n`);
  }

  /** The metrics rows logged so far (a torn last line is skipped). */
  readMetrics(): Record<string, number>[] {
    return existsSync(this.metricsFile) ? parseJsonLines(readFileSync(this.metricsFile, 'utf8')) : [];
  }

  /** The monitor's events so far. */
  readEvents(): Record<string, unknown>[] {
    return existsSync(this.eventsFile) ? parseJsonLines(readFileSync(this.eventsFile, 'utf8')) : [];
  }

  writeStatus(status: RunStatus): void {
    writeFileAtomic(this.statusFile, `${JSON.stringify(status, null, 2)}\n`);
  }

  /** status.json, or undefined for runs written before it existed (or while it is missing). */
  readStatus(): RunStatus | undefined {
    try {
      return JSON.parse(readFileSync(this.statusFile, 'utf8')) as RunStatus;
    } catch {
      return undefined;
    }
  }

  /** The sample pictures written so far, by step. */
  sampleFiles(): { step: number; file: string }[] {
    if (!existsSync(this.samples)) return [];
    return readdirSync(this.samples)
      .filter((f) => /^step-\d+\.png$/.test(f))
      .sort()
      .map((f) => ({ step: Number(f.slice(5, -4)), file: path.join(this.samples, f) }));
  }

  /** Drops metric rows after `step` (a resumed run repeats them from its checkpoint). */
  truncateMetricsAfter(step: number): void {
    if (!existsSync(this.metricsFile)) return;
    const kept = this.readMetrics().filter((row) => row.step <= step);
    writeFileAtomic(this.metricsFile, kept.map((row) => `${JSON.stringify(row)}\n`).join(''));
  }
}

/** The first of `base`, `base-2`, `base-3`, … that holds no run yet. */
export function freeRunDir(base: string): string {
  let candidate = base;
  for (
    let i = 2;
    existsSync(path.join(candidate, 'config.json')) ||
    (existsSync(candidate) && readdirSync(candidate).length > 0);
    i++
  ) {
    candidate = `${base}-${i}`;
  }
  return candidate;
}
