/**
 * A sweep's `report.html`: every run with its parameters, state and metric, best first (each linked to
 * its own report), then the best finished runs' curves on shared axes and their samples side by side —
 * the page of `gankit report --compare`, under the sweep's table.
 */
import path from 'node:path';
import { isRanked, type SweepFolder } from '../sweep/folder.js';
import { stateCounts, sweepTable } from '../sweep/table.js';
import { escapeHtml, writeCompareReport } from './html.js';

/** How many of the best runs the page draws. */
const BEST = 3;

/** Writes the sweep folder's report.html from its files; returns its path. */
export function writeSweepReport(folder: SweepFolder): string {
  const record = folder.read();
  const rows = folder.rows(record);
  const table = sweepTable(record, rows);
  const best = rows.filter(isRanked).slice(0, BEST);
  const runCell = 1;
  const body = table.cells
    .map(
      (row, i) =>
        `<tr>${row
          .map((cell, c) =>
            c === runCell && rows[i].state !== 'waiting'
              ? `<td><a href="${encodeURIComponent(cell)}/report.html">${escapeHtml(cell)}</a></td>`
              : `<td>${c === row.length - 4 ? `<span class="state-${escapeHtml(cell)}">${escapeHtml(cell)}</span>` : escapeHtml(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  const intro = `<p class="meta">${escapeHtml(
    `${record.method} search over ${record.keys.join(', ')}; ${rows.length} runs (${stateCounts(rows)}); ranked by the last logged ${record.metric}, ${record.goal === 'min' ? 'lower' : 'higher'} is better`,
  )}</p>
<table class="summary"><tr>${table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${body}</table>
<h2>${best.length ? `The best ${best.length === 1 ? 'run' : `${best.length} runs`}` : 'No run has finished with a value of the metric yet'}</h2>`;
  return writeCompareReport(
    best.map((r) => folder.runDir(r.id)),
    folder.reportFile,
    { title: `sweep ${path.basename(folder.root)}`, intro },
  );
}
