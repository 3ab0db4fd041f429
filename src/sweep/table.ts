/**
 * A sweep's runs as one table (rank, run, each parameter, state, progress, metric, error): the rows of
 * `gankit sweep --status`, the sweep report and the dashboard, so that all three say the same.
 */
import { isRanked, type SweepRecord, type SweepRow } from './folder.js';

export interface SweepTable {
  head: string[];
  /** One row per run, best first, every cell as text. */
  cells: string[][];
}

const shown = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : JSON.stringify(v));

/** The table of `rows` (from {@link SweepFolder.rows}: ranked runs first, then the others, unranked). */
export function sweepTable(record: SweepRecord, rows: SweepRow[]): SweepTable {
  return {
    head: ['rank', 'run', ...record.keys, 'state', 'step', `${record.metric} (${record.goal})`, 'error'],
    cells: rows.map((r, i) => [
      isRanked(r) ? String(i + 1) : '–',
      r.id,
      ...record.keys.map((k) => shown(r.params[k])),
      r.state,
      `${r.step} / ${r.steps}`,
      r.metric === undefined ? '–' : shown(r.metric),
      r.error ?? '',
    ]),
  };
}

/** Counts of runs by state, e.g. `4 finished, 1 failed, 1 waiting`. */
export function stateCounts(rows: SweepRow[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}

/** The text table, columns padded (the error column last and unpadded). */
export function formatSweepTable(t: SweepTable): string {
  const widths = t.head.map((h, c) => Math.max(h.length, ...t.cells.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(t.head), ...t.cells.map(line)].join('\n');
}
