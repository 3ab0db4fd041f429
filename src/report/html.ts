/**
 * `report.html`: one self-contained page per run (no external files or scripts) with the loss curves
 * (each side's total, then every phase's terms), any other logged metric's curve, and the fixed-noise sample grids over time (embedded PNGs).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/fs.js';

type Row = Record<string, number>;

/** Reads metrics.jsonl rows (skipping blank lines). */
export function readMetrics(file: string): Row[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}

/** An SVG line chart of `series` (name → points) against step. */
export function lineChart(title: string, series: Record<string, [number, number][]>): string {
  const W = 640;
  const H = 260;
  const m = { l: 56, r: 12, t: 28, b: 32 };
  const pts = Object.values(series)
    .flat()
    .filter(([, y]) => Number.isFinite(y));
  if (pts.length === 0) return '';
  const xs = pts.map(([x]) => x);
  const ys = pts.map(([, y]) => y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs) || 1];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => y0 + f * (y1 - y0));
  const lines = Object.entries(series).map(([name, p], i) => {
    const d = p
      .filter(([, y]) => Number.isFinite(y))
      .map(([x, y], j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
      .join('');
    const color = COLORS[i % COLORS.length];
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/><text x="${W - m.r - 120}" y="${m.t + 14 * i}" fill="${color}" font-size="12">${escapeHtml(name)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<text x="${m.l}" y="16" font-size="14" font-weight="bold">${escapeHtml(title)}</text>
<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#888"/><line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#888"/>
${ticks.map((t) => `<text x="${m.l - 4}" y="${sy(t) + 4}" font-size="10" text-anchor="end">${t.toPrecision(3)}</text>`).join('')}
<text x="${m.l}" y="${H - 10}" font-size="10">${x0}</text><text x="${W - m.r}" y="${H - 10}" font-size="10" text-anchor="end">step ${x1}</text>
${lines.join('\n')}
</svg>`;
}

/** Picks at most `max` evenly spaced items, always including the last. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const out = Array.from(
    { length: max - 1 },
    (_, i) => items[Math.floor((i * (items.length - 1)) / (max - 1))],
  );
  return [...out, items[items.length - 1]];
}

/** Writes `report.html` into a run directory from its config, metrics and samples; returns its path. */
export function writeReport(runDir: string): string {
  const config = JSON.parse(readFileSync(path.join(runDir, 'config.json'), 'utf8')) as {
    name: string;
    description: string;
  };
  const rows = readMetrics(path.join(runDir, 'metrics.jsonl'));
  const charts: string[] = [];
  const series = (key: string) =>
    rows.filter((r) => typeof r[key] === 'number').map((r) => [r.step, r[key]] as [number, number]);
  charts.push(lineChart('Losses', { d_loss: series('d_loss'), g_loss: series('g_loss') }));
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  // Loss terms are logged as `<phase>/<term>` (D/real, G/l1): one chart per phase with all its terms.
  const terms = keys.filter((k) => k.includes('/'));
  for (const phase of new Set(terms.map((k) => k.slice(0, k.indexOf('/'))))) {
    const own = terms.filter((k) => k.startsWith(`${phase}/`));
    charts.push(lineChart(`${phase} loss terms`, Object.fromEntries(own.map((k) => [k, series(k)]))));
  }
  const skip = new Set(['step', 'd_loss', 'g_loss', 'time', ...terms]);
  // Metrics of several models of one run are logged as `<metric>:<model>` (DANN's `target_acc:dann`,
  // `target_acc:source_only`): one chart per metric with a line per model.
  const metrics = keys.filter((k) => !skip.has(k));
  const groups = new Map<string, string[]>();
  for (const k of metrics) {
    const name = k.includes(':') ? k.slice(0, k.indexOf(':')) : k;
    groups.set(name, [...(groups.get(name) ?? []), k]);
  }
  for (const [name, ks] of groups)
    charts.push(lineChart(name, Object.fromEntries(ks.map((k) => [k, series(k)]))));
  const lastOf = (k: string) => [...rows].reverse().find((r) => typeof r[k] === 'number');
  const table = metrics.length
    ? `<h2>Last evaluation</h2><table>${metrics
        .map((k) => {
          const r = lastOf(k)!;
          return `<tr><td>${escapeHtml(k)}</td><td>${Number(r[k].toPrecision(5))}</td><td class="meta">step ${r.step}</td></tr>`;
        })
        .join('')}</table>`
    : '';
  const sampleDir = path.join(runDir, 'samples');
  const samples = existsSync(sampleDir)
    ? readdirSync(sampleDir)
        .filter((f) => /^step-\d+\.png$/.test(f))
        .sort()
    : [];
  const figures = spread(samples, 12).map((f) => {
    const b64 = readFileSync(path.join(sampleDir, f)).toString('base64');
    return `<figure><img src="data:image/png;base64,${b64}" alt="${f}"><figcaption>${f.replace('.png', '')}</figcaption></figure>`;
  });
  const last = rows[rows.length - 1];
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>gankit report: ${escapeHtml(config.name)}</title>
<style>body{font-family:sans-serif;margin:24px;max-width:1100px}figure{display:inline-block;margin:6px}img{image-rendering:pixelated;width:220px}
figcaption{text-align:center;font-size:12px}.meta{color:#555}td{padding:2px 12px 2px 0}</style></head><body>
<h1>${escapeHtml(config.name)}</h1><p class="meta">${escapeHtml(config.description)}</p>
<p class="meta">${last ? `step ${last.step}: d_loss ${last.d_loss?.toFixed(5)}, g_loss ${last.g_loss?.toFixed(5)}, ${last.time?.toFixed(1)} s of training` : 'no steps logged yet'}</p>
${table}<h2>Curves</h2>${charts.join('\n')}
<h2>Samples over time (fixed noise)</h2>${figures.join('\n')}
<details><summary>Configuration</summary><pre>${escapeHtml(readFileSync(path.join(runDir, 'config.json'), 'utf8'))}</pre></details>
</body></html>
`;
  const out = path.join(runDir, 'report.html');
  writeFileAtomic(out, html);
  return out;
}
