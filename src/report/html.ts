/**
 * `report.html`: one self-contained page (no external files, works offline) per run, or for several
 * runs on shared axes (`gankit report --compare`). Curves are drawn by uPlot, inlined into the page:
 * at 50 kB minified it is a fraction of Vega-Lite (≈ 800 kB with Vega) or Observable Plot (with d3), it
 * draws thousands of logged steps on a canvas without slowing down, and its aligned-columns data model
 * is exactly metrics.jsonl's. The page shows every chart of src/report/charts.ts, the collapse
 * monitor's rollbacks, the sample grids over time with a slider (PNGs embedded), the run's summary
 * (backend, time per step, total time) and its resolved config.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { RunDir } from '../train/run-dir.js';
import { writeFileAtomic } from '../util/fs.js';
import { chartsFor } from './charts.js';
import { type ClientRun, type Frame, gankitClient } from './client.js';
import { type RunData, type RunSummary, readRunData } from './run-data.js';

const require = createRequire(import.meta.url);
let uplotAssets: { js: string; css: string } | undefined;

/** uPlot's script and style sheet, read once from its npm package. */
export function uplotSources(): { js: string; css: string } {
  uplotAssets ??= {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return uplotAssets;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}

/** JSON that is safe inside a `<script>` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The style sheet of the report and the dashboard. */
export const PAGE_CSS = `body{font-family:sans-serif;margin:20px;color:#222}
h1{margin:0 0 4px}.meta{color:#555;margin:2px 0}
table.summary{border-collapse:collapse;margin:8px 0}table.summary td,table.summary th{border:1px solid #ddd;padding:3px 8px;text-align:left;font-size:13px}
#charts{display:flex;flex-wrap:wrap;gap:8px}.chart{border:1px solid #eee;padding:4px}
.samples{display:flex;flex-wrap:wrap;gap:16px}.samples>div{min-width:240px}
img.grid{image-rendering:pixelated;width:320px;display:block;margin-top:4px;border:1px solid #ddd}
.slider{width:320px}.caption{font-size:12px;color:#555}
.state-running{color:#1a7f37}.state-failed,.state-stopped,.state-damaged{color:#c62828}.run-error{color:#c62828;font-size:12px;max-width:480px}.state-finished{color:#555}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:480px}`;

/** Picks at most `max` evenly spaced items, always including the first and the last. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.round((i * (items.length - 1)) / (max - 1))]);
}

const fmt = (x: number | undefined, digits = 4) =>
  x === undefined ? '–' : String(Number(x.toPrecision(digits)));

/** Seconds as `42.1 s` or `12 min 5 s`. */
export function formatSeconds(s: number | undefined): string {
  if (s === undefined) return '–';
  return s < 120 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** One table row per run: what it is, how far it got, on which backend, how fast. */
function summaryTable(runs: RunSummary[]): string {
  const head = ['run', 'family', 'data', 'state', 'step', 'batch', 'backend', 's/step', 'total time'];
  const rows = runs.map((r) =>
    [
      escapeHtml(r.name),
      escapeHtml(r.family),
      escapeHtml(r.dataset),
      `<span class="state-${r.state}">${r.state}</span>${r.error ? `: ${escapeHtml(r.error)}` : ''}`,
      `${r.step} / ${r.steps}`,
      String(r.batchSize),
      escapeHtml(r.backend ?? '–'),
      fmt(r.secondsPerStep, 3),
      formatSeconds(r.seconds),
    ]
      .map((c) => `<td>${c}</td>`)
      .join(''),
  );
  return `<table class="summary"><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r}</tr>`)
    .join('')}</table>`;
}

function eventList(runs: RunData[]): string {
  const items = runs.flatMap((r) =>
    r.events
      .filter((e) => e.event === 'rollback')
      .map(
        (e) =>
          `<li>${runs.length > 1 ? `${escapeHtml(r.name)}: ` : ''}step ${e.step}: ${escapeHtml(String(e.reason))}; rolled back to step ${e.to_step}, learning rates ×${fmt(Number(e.lr_scale), 3)}</li>`,
      ),
  );
  return items.length ? `<h2>Collapse monitor</h2><ul>${items.join('')}</ul>` : '';
}

/** The sample pictures of a run as slider frames (data: URLs), at most `max` evenly spread. */
function sampleFrames(dir: string, steps: number[], max = 60): Frame[] {
  const run = new RunDir(dir);
  return spread(steps, max).map((step) => ({
    caption: `step ${step}`,
    src: `data:image/png;base64,${readFileSync(run.samplePath(step)).toString('base64')}`,
  }));
}

/** What a page shows above the runs' curves instead of its default title (a sweep's table). */
export interface PageHead {
  title: string;
  /** HTML placed under the title, before the runs' summary. */
  intro: string;
}

/** The report page of `runs` (one, or several compared on shared axes), optionally under `head`. */
function reportPage(runs: { dir: string; data: RunData }[], head?: PageHead): string {
  const { js, css } = uplotSources();
  const data = runs.map((r) => r.data);
  const clientRuns: ClientRun[] = data.map((d) => ({ name: d.name, columns: d.columns, events: d.events }));
  const samples = runs.map((r) => ({ name: r.data.name, frames: sampleFrames(r.dir, r.data.samples) }));
  const single = data.length === 1 ? data[0] : undefined;
  const title = head?.title ?? (single ? single.name : `compare: ${data.map((d) => d.name).join(', ')}`);
  const payload = { charts: chartsFor(data.map((d) => d.columns)), runs: clientRuns, samples };
  const configs = data
    .map(
      (d) =>
        `<details><summary>Resolved configuration${single ? '' : ` of ${escapeHtml(d.name)}`}</summary><pre>${escapeHtml(d.configText)}</pre></details>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>gankit report: ${escapeHtml(title)}</title>
<style>${css}\n${PAGE_CSS}</style></head><body>
<h1>${escapeHtml(title)}</h1>${head ? head.intro : single ? `<p class="meta">${escapeHtml(single.description)}</p>` : ''}
${data.length ? summaryTable(data) : ''}
${eventList(data)}
<h2>Curves</h2><div id="charts"></div>
<h2>Samples over time (fixed noise)</h2><div class="samples">${samples
    .map((s, i) => `<div>${single ? '' : `<b>${escapeHtml(s.name)}</b>`}<div id="samples-${i}"></div></div>`)
    .join('')}</div>
${configs}
<script>${js}</script>
<script type="application/json" id="gankit-data">${scriptJson(payload)}</script>
<script>
window.gankit = (${gankitClient.toString()})();
const page = JSON.parse(document.getElementById('gankit-data').textContent);
gankit.render(document.getElementById('charts'), page.charts, page.runs);
page.samples.forEach((s, i) => gankit.slider(document.getElementById('samples-' + i), s.frames));
</script>
</body></html>
`;
}

/** Writes `report.html` into a run directory from its files; returns its path. */
export function writeReport(runDir: string): string {
  const run = new RunDir(runDir);
  writeFileAtomic(run.reportFile, reportPage([{ dir: runDir, data: readRunData(runDir) }]));
  return run.reportFile;
}

/**
 * Writes one page comparing `runDirs` on shared axes to `out` (under `head`, e.g. a sweep's table, when
 * given); returns `out`.
 */
export function writeCompareReport(runDirs: string[], out: string, head?: PageHead): string {
  // Folders of the same base name (runs/a/x, runs/b/x) are told apart by their parent.
  const names = runDirs.map((d) => path.basename(d));
  const unique = names.map((n, i) =>
    names.indexOf(n) === names.lastIndexOf(n) ? n : path.join(path.basename(path.dirname(runDirs[i])), n),
  );
  writeFileAtomic(
    out,
    reportPage(
      runDirs.map((dir, i) => ({ dir, data: readRunData(dir, unique[i]) })),
      head,
    ),
  );
  return out;
}
