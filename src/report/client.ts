/**
 * The code that runs in the browser, for the report and the dashboard alike: it draws the chart specs
 * of src/report/charts.ts with uPlot (inlined in the page) for one run or several on shared axes, marks
 * the collapse monitor's rollbacks, and turns a list of sample pictures into a slider. The page embeds
 * {@link gankitClient}'s source (`gankitClient.toString()`), so the function must stay self-contained:
 * no imports at run time, nothing from the module scope.
 */
import type UPlot from 'uplot';
import type { ChartSpec, Columns } from './charts.js';

/** One run as the page has it. */
export interface ClientRun {
  name: string;
  columns: Columns;
  events: Record<string, unknown>[];
}

/** One picture of a slider: its caption and URL (a data: URL in reports, a file URL in the dashboard). */
export interface Frame {
  caption: string;
  src: string;
}

/** A drawn chart: its title, the labels and colours of its lines (band edges excluded), the uPlot instance. */
export interface DrawnChart {
  title: string;
  labels: string[];
  colors: string[];
  plot: UPlot;
}

declare const uPlot: typeof UPlot;

/** Builds the page API; evaluated once in the page as `(${gankitClient})()`. */
export function gankitClient() {
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
  const drawn: DrawnChart[] = [];

  const hasData = (col: (number | null)[] | undefined) => !!col && col.some((v) => v !== null);

  /** The aligned data of one chart over every run that has any of its columns. */
  function chartData(spec: ChartSpec, runs: ClientRun[]) {
    const lines: {
      label: string;
      values: Map<number, number>;
      band?: [Map<number, number>, Map<number, number>];
    }[] = [];
    const xs = new Set<number>();
    const toMap = (run: ClientRun, key: string) => {
      const m = new Map<number, number>();
      const steps = run.columns.step ?? [];
      const col = run.columns[key] ?? [];
      steps.forEach((s, i) => {
        const v = col[i];
        if (s !== null && v !== null && v !== undefined && Number.isFinite(v)) m.set(s, v);
      });
      return m;
    };
    for (const run of runs) {
      for (const s of spec.series) {
        if (!hasData(run.columns[s.key])) continue;
        const values = toMap(run, s.key);
        for (const x of values.keys()) xs.add(x);
        lines.push({
          label: runs.length > 1 ? `${run.name}: ${s.label}` : s.label,
          values,
          band: s.band ? [toMap(run, s.band.lo), toMap(run, s.band.hi)] : undefined,
        });
      }
    }
    const x = [...xs].sort((a, b) => a - b);
    const data: (number | null)[][] = [x];
    const series: UPlot.Series[] = [{ label: 'step' }];
    const bands: UPlot.Band[] = [];
    lines.forEach((l, i) => {
      const color = PALETTE[i % PALETTE.length];
      data.push(x.map((s) => l.values.get(s) ?? null));
      series.push({
        label: l.label,
        stroke: color,
        width: 1.5,
        spanGaps: true,
        points: { show: x.length < 40 },
      });
      if (l.band) {
        const [lo, hi] = l.band;
        data.push(
          x.map((s) => hi.get(s) ?? null),
          x.map((s) => lo.get(s) ?? null),
        );
        const edge = { stroke: 'transparent', spanGaps: true, points: { show: false } };
        series.push({ ...edge, label: `${l.label} + std` }, { ...edge, label: `${l.label} − std` });
        bands.push({ series: [series.length - 2, series.length - 1], fill: `${color}33` });
      }
    });
    const colors = lines.map((_, i) => PALETTE[i % PALETTE.length]);
    return { data, series, bands, labels: lines.map((l) => l.label), colors };
  }

  /** Draws the rollbacks of every run: the discarded steps shaded, a dashed line where collapse was seen. */
  function eventHook(runs: ClientRun[]) {
    const rollbacks = runs.flatMap((r) => r.events.filter((e) => e.event === 'rollback'));
    return (u: UPlot) => {
      const ctx = u.ctx;
      const { top, height } = u.bbox;
      ctx.save();
      for (const e of rollbacks) {
        const at = u.valToPos(Number(e.step), 'x', true);
        const from = u.valToPos(Number(e.to_step), 'x', true);
        ctx.fillStyle = 'rgba(214, 39, 40, 0.08)';
        ctx.fillRect(from, top, at - from, height);
        ctx.strokeStyle = '#d62728';
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(at, top);
        ctx.lineTo(at, top + height);
        ctx.stroke();
        ctx.fillStyle = '#d62728';
        ctx.font = `${10 * devicePixelRatio}px sans-serif`;
        ctx.fillText('rollback', at + 3, top + 12 * devicePixelRatio);
      }
      ctx.restore();
    };
  }

  /** Draws `specs` for `runs` into `container`, replacing what it held. */
  function render(container: HTMLElement, specs: ChartSpec[], runs: ClientRun[]): DrawnChart[] {
    for (const c of drawn.splice(0)) c.plot.destroy();
    container.replaceChildren();
    // Two charts side by side where the page is wide enough.
    const width = Math.max(320, Math.min(560, Math.floor((container.clientWidth - 40) / 2)));
    for (const spec of specs) {
      const { data, series, bands, labels, colors } = chartData(spec, runs);
      if (labels.length === 0) continue;
      const box = document.createElement('div');
      box.className = 'chart';
      container.append(box);
      const plot = new uPlot(
        {
          title: spec.title,
          width,
          height: 240,
          scales: { x: { time: false } },
          axes: [
            { label: 'step' },
            {
              size: 64,
              values: (_u, ticks) => ticks.map((t) => (t === null ? '' : String(Number(t.toPrecision(3))))),
            },
          ],
          series,
          bands,
          cursor: { sync: { key: 'gankit' } },
          hooks: {
            draw: [eventHook(runs)],
            // Band edges are drawn as the band; their legend rows would only repeat the line's.
            ready: [
              (u: UPlot) => {
                const rows = u.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
                u.series.forEach((s, i) => {
                  if (String(s.label).endsWith(' std') && rows[i]) rows[i].style.display = 'none';
                });
              },
            ],
          },
        },
        data as UPlot.AlignedData,
        box,
      );
      drawn.push({ title: spec.title, labels, colors, plot });
    }
    return drawn;
  }

  /** New data for the charts on the page: redrawn in place when the same lines remain, else rebuilt. */
  function update(container: HTMLElement, specs: ChartSpec[], runs: ClientRun[]): void {
    const next = specs.map((s) => chartData(s, runs)).filter((c) => c.labels.length > 0);
    const same =
      next.length === drawn.length &&
      next.every((c, i) => c.labels.join('\n') === drawn[i].labels.join('\n'));
    if (!same) {
      render(container, specs, runs);
      return;
    }
    next.forEach((c, i) => drawn[i].plot.setData(c.data as UPlot.AlignedData));
  }

  /** A slider over `frames` (the last one shown first); returns a function taking a longer list. */
  function slider(container: HTMLElement, frames: Frame[]): (frames: Frame[]) => void {
    container.replaceChildren();
    const input = document.createElement('input');
    input.type = 'range';
    input.min = '0';
    input.className = 'slider';
    const caption = document.createElement('div');
    caption.className = 'caption';
    const img = document.createElement('img');
    img.className = 'grid';
    container.append(input, caption, img);
    let list = frames;
    const show = () => {
      const f = list[Number(input.value)];
      if (!f) return;
      img.src = f.src;
      img.alt = f.caption;
      caption.textContent = `${f.caption} (${Number(input.value) + 1} of ${list.length})`;
    };
    input.addEventListener('input', show);
    // A slider left at the newest picture follows new ones; one moved back stays where it is.
    let following = true;
    input.addEventListener('input', () => {
      following = Number(input.value) === list.length - 1;
    });
    const set = (frames: Frame[]) => {
      list = frames;
      input.max = String(Math.max(0, list.length - 1));
      if (following) input.value = input.max;
      show();
    };
    set(frames);
    return set;
  }

  return { render, update, slider, charts: drawn };
}
