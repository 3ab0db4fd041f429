/**
 * The run directory (docs/architecture.md "Contracts"): config.json, metrics.jsonl, samples/, checkpoints/,
 * report.html. This module owns its paths and the rules for creating or resuming one.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { GanConfig } from '../config/types.js';
import { UsageError } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs.js';
import { checkpointName, latestCheckpoint } from './checkpoint.js';

export class RunDir {
  constructor(readonly root: string) {}

  get configFile(): string {
    return path.join(this.root, 'config.json');
  }
  get metricsFile(): string {
    return path.join(this.root, 'metrics.jsonl');
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
    if (existsSync(this.root) && readdirSync(this.root).length > 0) {
      throw new UsageError(`${this.root} exists and is not empty; choose another --out`);
    }
    mkdirSync(this.samples, { recursive: true });
    mkdirSync(this.checkpoints, { recursive: true });
    this.writeConfig(config);
  }

  writeConfig(config: GanConfig): void {
    writeFileAtomic(this.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }

  readConfig(): GanConfig {
    if (!this.exists())
      throw new UsageError(`${this.root} holds no run (no config.json); nothing to resume or sample from`);
    return JSON.parse(readFileSync(this.configFile, 'utf8')) as GanConfig;
  }

  /** Appends one metrics row. */
  log(row: Record<string, number>): void {
    appendFileSync(this.metricsFile, `${JSON.stringify(row)}\n`);
  }

  /** Appends a monitor event (rollbacks) to events.jsonl. */
  event(e: Record<string, unknown>): void {
    appendFileSync(path.join(this.root, 'events.jsonl'), `${JSON.stringify(e)}\n`);
  }

  /** Drops metric rows after `step` (a resumed run repeats them from its checkpoint). */
  truncateMetricsAfter(step: number): void {
    if (!existsSync(this.metricsFile)) return;
    const kept = readFileSync(this.metricsFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && (JSON.parse(l) as { step: number }).step <= step);
    writeFileAtomic(this.metricsFile, kept.map((l) => `${l}\n`).join(''));
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
