/**
 * The runs under a folder, as the dashboard lists and shows them: every folder (up to three levels
 * deep) holding a config.json, named by its path relative to the folder, and the payload a page draws
 * for a selection of them (the same chart specs as report.html).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { type ChartSpec, chartsFor } from '../report/charts.js';
import type { ClientRun } from '../report/client.js';
import { type RunData, type RunSummary, readRunData, runState, summarize } from '../report/run-data.js';
import { findSweeps, isRanked, SweepFolder } from '../sweep/folder.js';
import { stateCounts } from '../sweep/table.js';
import { RunDir } from '../train/run-dir.js';
import { GankitError } from '../util/errors.js';
import { findFolders } from '../util/fs.js';
import { resolveUnder } from '../util/safe-path.js';

/** Relative names of the run folders under `root`, newest activity first. */
export function findRuns(root: string, depth = 3): string[] {
  const realRoot = realpathSync(root);
  return findFolders(realRoot, (dir) => new RunDir(dir).exists(), depth)
    .map((full) => ({ name: path.relative(realRoot, full), mtime: activity(new RunDir(full)) }))
    .sort((a, b) => b.mtime - a.mtime || a.name.localeCompare(b.name))
    .map((r) => r.name);
}

/** When a run last wrote its metrics or status (or its config, before either exists). */
function activity(run: RunDir): number {
  const times = [run.metricsFile, run.statusFile, run.configFile]
    .filter((f) => existsSync(f))
    .map((f) => statSync(f).mtimeMs);
  return Math.max(0, ...times);
}

/** A fingerprint of everything the dashboard shows of a run; it changes when the run writes anything. */
export function runSignature(root: string, name: string): string {
  const run = new RunDir(path.join(root, name));
  return [run.configFile, run.metricsFile, run.statusFile, run.eventsFile, run.samples]
    .map((f) => {
      try {
        const s = statSync(f);
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

const cache = new Map<string, { signature: string; data: RunData }>();

/**
 * A run's data, parsed again only when its files changed (every open page polls twice a second; a long
 * run's metrics.jsonl is worth parsing once per change). Its state is always fresh: a running run's
 * process can die without writing anything.
 */
function cachedRun(dir: string, name: string): RunData {
  const signature = runSignature(dir, '');
  const hit = cache.get(dir);
  if (hit?.signature === signature) {
    hit.data.state = runState(new RunDir(dir).readStatus(), hit.data.step, hit.data.steps);
    return hit.data;
  }
  const data = readRunData(dir, name);
  cache.set(dir, { signature, data });
  return data;
}

/** What the dashboard page draws for the selected runs. */
export interface View {
  charts: ChartSpec[];
  runs: ClientRun[];
  summaries: RunSummary[];
  samples: { name: string; steps: number[] }[];
}

/** The view of `names` (each checked to be a run folder under `root`). */
export function runView(root: string, names: string[]): View {
  const data: RunData[] = names.map((n) => cachedRun(resolveUnder(root, n, 'dir'), n));
  return {
    charts: chartsFor(data.map((d) => d.columns)),
    runs: data.map((d) => ({ name: d.name, columns: d.columns, events: d.events })),
    summaries: data.map(summarize),
    samples: data.map((d) => ({ name: d.name, steps: d.samples })),
  };
}

/**
 * Summaries of every run under `root`. A folder whose config.json is damaged is listed as `damaged`
 * with the reason (what is wrong and what to do), not left out; one that vanished between the listing
 * and the read is left out until the next poll.
 */
export function runList(root: string): RunSummary[] {
  const out: RunSummary[] = [];
  for (const name of findRuns(root)) {
    const dir = path.join(root, name);
    try {
      out.push(summarize(cachedRun(dir, name)));
    } catch (err) {
      if (!new RunDir(dir).exists()) continue;
      if (!(err instanceof GankitError)) throw err;
      out.push(damagedRun(name, err));
    }
  }
  return out;
}

/** The list entry of a run folder that cannot be read. */
function damagedRun(name: string, err: GankitError): RunSummary {
  return {
    name,
    description: '',
    family: '–',
    dataset: '–',
    state: 'damaged',
    step: 0,
    steps: 0,
    batchSize: 0,
    error: err.message,
  };
}

/** A sweep as the dashboard lists it. */
export interface SweepSummary {
  /** The sweep folder relative to the runs folder. */
  name: string;
  method: string;
  metric: string;
  goal: 'min' | 'max';
  runs: number;
  /** Runs by state, e.g. `4 finished, 2 running`. */
  states: string;
  /** The best finished run so far by the metric (its folder relative to the runs folder) and its value. */
  best?: { run: string; value: number };
}

const sweepCache = new Map<string, { signature: string; summary: SweepSummary }>();

/** The sweeps under `root`, each read again only when one of its files changed. */
export function sweepList(root: string): SweepSummary[] {
  const out: SweepSummary[] = [];
  for (const name of findSweeps(root)) {
    const folder = new SweepFolder(path.join(root, name));
    try {
      const record = folder.read();
      const signature = [
        statSync(folder.file).mtimeMs,
        ...record.runs.map((r) => runSignature(folder.root, r.id)),
      ].join('#');
      const hit = sweepCache.get(folder.root);
      if (hit?.signature === signature) {
        out.push(hit.summary);
        continue;
      }
      const rows = folder.rows(record);
      const best = rows[0] && isRanked(rows[0]) ? rows[0] : undefined;
      const summary: SweepSummary = {
        name,
        method: record.method,
        metric: record.metric,
        goal: record.goal,
        runs: rows.length,
        states: stateCounts(rows),
        best: best && { run: path.join(name, best.id), value: best.metric! },
      };
      sweepCache.set(folder.root, { signature, summary });
      out.push(summary);
    } catch {
      // A sweep.json being written: listed again on the next poll.
    }
  }
  return out;
}
