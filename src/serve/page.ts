/**
 * The dashboard page: the sweeps under the folder (when there are any) with their best runs, the list of
 * runs with their state (and, for a failed or damaged run, why), and for the runs ticked in it (the newest by
 * default) their curves on shared axes and their newest sample pictures side by side, kept current by
 * the server's event stream (/api/stream). Charts and sliders are the report's own (src/report/client.ts).
 */
import { PAGE_CSS, uplotSources } from '../report/html.js';
import { gankitClient } from '../report/client.js';
import type { RunSummary } from '../report/run-data.js';
import type { SweepSummary, View } from './runs.js';

declare const gankit: ReturnType<typeof gankitClient>;

/** The page's own logic; embedded as source like {@link gankitClient}, so it must stay self-contained. */
export function dashboardClient() {
  const selected = new Set<string>();
  let source: EventSource | undefined;
  const sliders = new Map<string, (frames: { caption: string; src: string }[]) => void>();
  const state = { views: 0, lastView: undefined as View | undefined };
  const enc = (name: string) => name.split('/').map(encodeURIComponent).join('/');
  const sample = (name: string, step: number) =>
    `/files/${enc(name)}/samples/step-${String(step).padStart(6, '0')}.png`;
  const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x.toPrecision(4));

  function listRuns(runs: RunSummary[]) {
    const readable = runs.filter((r) => r.state !== 'damaged');
    if (selected.size === 0 && readable.length) selected.add(readable[0].name);
    const body = document.getElementById('runs')!;
    body.replaceChildren(
      ...runs.map((r) => {
        const tr = document.createElement('tr');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = selected.has(r.name);
        box.disabled = r.state === 'damaged';
        box.dataset.run = r.name;
        box.addEventListener('change', () => {
          if (box.checked) selected.add(r.name);
          else selected.delete(r.name);
          connect();
        });
        const status = document.createElement('span');
        status.className = `state-${r.state}`;
        status.textContent = r.state;
        // A failed or damaged run says why, under its name.
        const name = document.createElement('div');
        name.textContent = r.name;
        if (r.error) {
          const why = document.createElement('div');
          why.className = 'run-error';
          why.textContent = r.error;
          name.append(why);
        }
        const link = document.createElement('a');
        link.href = `/files/${enc(r.name)}/report.html`;
        link.target = '_blank';
        link.textContent = r.state === 'damaged' ? '' : 'report';
        const cells: (string | Node)[] = [
          box,
          name,
          status,
          `${r.step} / ${r.steps}`,
          `${r.family}, ${r.dataset}`,
          fmt(r.last?.d_loss),
          fmt(r.last?.g_loss),
          r.backend ?? '–',
          link,
        ];
        for (const c of cells) {
          const td = document.createElement('td');
          td.append(c);
          tr.append(td);
        }
        return tr;
      }),
    );
  }

  function show(view: View) {
    state.views++;
    state.lastView = view;
    gankit.update(document.getElementById('charts')!, view.charts, view.runs);
    const box = document.getElementById('samples')!;
    for (const name of [...sliders.keys()])
      if (!view.samples.some((s) => s.name === name)) sliders.delete(name);
    if (
      [...box.children].map((c) => (c as HTMLElement).dataset.run).join('\n') !==
      view.samples.map((s) => s.name).join('\n')
    ) {
      box.replaceChildren();
      sliders.clear();
    }
    for (const s of view.samples) {
      const frames = s.steps.map((step) => ({
        caption: `${s.name}: step ${step}`,
        src: sample(s.name, step),
      }));
      let set = sliders.get(s.name);
      if (!set) {
        const div = document.createElement('div');
        div.dataset.run = s.name;
        box.append(div);
        set = gankit.slider(div, frames);
        sliders.set(s.name, set);
      } else set(frames);
    }
  }

  /** The sweeps table: each sweep's progress and best run so far, linked to its report. */
  function listSweeps(sweeps: SweepSummary[]) {
    document.getElementById('sweeps-section')!.hidden = sweeps.length === 0;
    document.getElementById('sweeps')!.replaceChildren(
      ...sweeps.map((s) => {
        const tr = document.createElement('tr');
        const link = document.createElement('a');
        link.href = `/files/${enc(s.name)}/report.html`;
        link.target = '_blank';
        link.textContent = 'report';
        const best = s.best ? `${s.best.run}: ${s.metric} ${fmt(s.best.value)}` : '–';
        for (const c of [
          s.name,
          s.method,
          `${s.runs} (${s.states})`,
          `${s.metric} (${s.goal})`,
          best,
          link,
        ]) {
          const td = document.createElement('td');
          td.append(c);
          tr.append(td);
        }
        return tr;
      }),
    );
  }

  /** (Re)opens the event stream for the ticked runs. */
  function connect() {
    source?.close();
    const runs = [...selected].map(encodeURIComponent).join(',');
    source = new EventSource(`/api/stream?runs=${runs}`);
    source.addEventListener('runs', (e) => listRuns(JSON.parse((e as MessageEvent).data)));
    source.addEventListener('sweeps', (e) => listSweeps(JSON.parse((e as MessageEvent).data)));
    source.addEventListener('view', (e) => show(JSON.parse((e as MessageEvent).data)));
    source.addEventListener('problem', (e) => {
      document.getElementById('problem')!.textContent = JSON.parse((e as MessageEvent).data);
    });
  }

  fetch('/api/runs')
    .then((r) => r.json())
    .then((runs: RunSummary[]) => {
      listRuns(runs);
      connect();
    });
  return { state, selected, connect };
}

/** The dashboard's HTML (uPlot and both client functions inlined). */
export function dashboardPage(runsDir: string): string {
  const { js, css } = uplotSources();
  return `<!doctype html><html><head><meta charset="utf-8"><title>gankit dashboard</title>
<style>${css}\n${PAGE_CSS}\n#problem{color:#c62828}</style></head><body>
<h1>gankit dashboard</h1><p class="meta">runs under ${runsDir.replace(/[&<>"]/g, '')}; tick runs to compare them on shared axes</p>
<div id="sweeps-section" hidden><h2>Sweeps</h2>
<table class="summary"><thead><tr><th>sweep</th><th>method</th><th>runs</th><th>ranked by</th><th>best so far</th><th></th></tr></thead><tbody id="sweeps"></tbody></table></div>
<table class="summary"><thead><tr><th></th><th>run</th><th>state</th><th>step</th><th>model, data</th><th>d_loss</th><th>g_loss</th><th>backend</th><th></th></tr></thead><tbody id="runs"></tbody></table>
<p id="problem"></p>
<h2>Curves</h2><div id="charts"></div>
<h2>Newest samples</h2><div id="samples" class="samples"></div>
<script>${js}</script>
<script>
window.gankit = (${gankitClient.toString()})();
window.dashboard = (${dashboardClient.toString()})();
</script>
</body></html>
`;
}
