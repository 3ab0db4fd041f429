/**
 * The playground page: controls → {@link Settings} → a {@link Session}; a play loop that trains in short
 * slices, yields to the browser between them, and refreshes the views (one read-out of the networks,
 * then drawing) at most every {@link REFRESH_MS} and never for more than {@link REFRESH_SHARE} of the
 * time: a refresh costs as much as a few training steps (bench/playground.ts measures both), so
 * refreshing after every slice spent a third of the time drawing. The steps-per-second figure is of
 * this loop, views included. `window.playground` exposes the same actions to scripts (the
 * headless-Chromium tests, the benchmark).
 */
import * as tf from '@tensorflow/tfjs-core';
import { losses, registerWasmKernels } from '../../../src/browser.js';
import { startBackend } from '../shared/backend.js';
import { DEFAULTS, SCENARIOS } from './scenarios.js';
import { type Frame, Session, type Settings, WORLDS } from './session.js';
import { FAKE, type Layers2D, REAL, drawLines, drawWorld1D, drawWorld2D } from './views.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const NUMERIC = [
  'regWeight',
  'lrD',
  'lrG',
  'dSteps',
  'noiseDim',
  'width',
  'depth',
  'batchSize',
  'seed',
] as const;
const CHOICES = ['world', 'loss', 'regularizer', 'optimizer'] as const;
/** Training time between yields to the browser (input, painting), ms. */
const SLICE_MS = 30;
/** While training, the views are refreshed at most this often (ms)… */
const REFRESH_MS = 100;
/** …and their refresh takes at most this share of the time. */
const REFRESH_SHARE = 0.2;
let lastRefreshMs = 0;

let settings: Settings = { ...DEFAULTS };
let session: Session;
let playing = false;
const layers: Layers2D = { heat: true, manifold: true, reals: true, fakes: true, arrows: true };
let lastFrame: Frame | undefined;
let lastMetrics: Record<string, number> = {};
const rate = { steps: 0, since: 0 };

function fillSelect(id: string, options: readonly string[]): void {
  $<HTMLSelectElement>(id).replaceChildren(...options.map((o) => new Option(o, o)));
}

function showSettings(): void {
  for (const k of CHOICES) $<HTMLSelectElement>(k).value = String(settings[k]);
  for (const k of NUMERIC) $<HTMLInputElement>(k).value = String(settings[k]);
  $('draw-help').hidden = settings.world !== 'drawn';
}

function readSettings(): Settings {
  const s = { ...settings };
  for (const k of CHOICES) (s as Record<string, unknown>)[k] = $<HTMLSelectElement>(k).value;
  for (const k of NUMERIC) {
    const v = Number($<HTMLInputElement>(k).value);
    if (Number.isFinite(v)) s[k] = v;
  }
  return s;
}

/** A new session from `next` (the old one is freed); a bad combination shows its message instead. */
function reset(next: Settings = readSettings()): void {
  pause();
  settings = next;
  showSettings();
  session?.dispose();
  if (settings.world === 'drawn' && settings.drawn.length === 0) settings.drawn = defaultDrawing();
  session = new Session(settings);
  refresh();
}

/** A smiley-ish starting drawing, so the drawn world trains before the user draws anything. */
function defaultDrawing(): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < 16; i++) {
    const a = Math.PI * (1.15 + (0.7 * i) / 15);
    pts.push([1.5 * Math.cos(a), 1.5 * Math.sin(a) + 0.4]);
  }
  pts.push([-0.7, 1], [0.7, 1]);
  return pts;
}

/** Reads the networks once (fakes, metrics, the frame's read-outs) and redraws every view. */
function refresh(): void {
  const t0 = performance.now();
  const g = session.generatorOutputs();
  lastMetrics = session.metrics(g.fakes);
  lastFrame = session.frame(g);
  draw();
  lastRefreshMs = performance.now() - t0;
}

/** Redraws the views from the last read-out (a layer switched on or off needs no new one). */
function draw(): void {
  if (!lastFrame) return;
  const canvas = $<HTMLCanvasElement>('world-canvas');
  if (lastFrame.kind === '2d') drawWorld2D(canvas, lastFrame, layers);
  else drawWorld1D(canvas, lastFrame);
  $('world-note').textContent =
    lastFrame.kind === '2d'
      ? 'Background: D(x) (green: judged real). Lines: G applied to a grid of noise. Arrows: −∂L_G/∂x on fakes.'
      : 'p_data (true density), p_g (kernel density of 2,500 fakes), trained D(x) and the optimal D* = p_data/(p_data + p_g).';
  const h = session.history;
  drawLines($<HTMLCanvasElement>('loss-canvas'), [
    { label: 'D loss', colour: REAL, xs: h.map((_, i) => i), ys: h.map((r) => r.d_loss) },
    { label: 'G loss', colour: FAKE, xs: h.map((_, i) => i), ys: h.map((r) => r.g_loss) },
  ]);
  const mh = session.metricHistory;
  const keys = Object.keys(lastMetrics);
  const colours = ['#d7191c', '#2c7bb6', '#fdae61', '#1a9641'];
  drawLines(
    $<HTMLCanvasElement>('metric-canvas'),
    keys.map((k, i) => ({
      label: k,
      colour: colours[i % 4],
      xs: mh.map((r) => r.step),
      ys: mh.map((r) => r[k]),
    })),
  );
  $('metrics').replaceChildren(
    ...keys.map((k) => {
      const tr = document.createElement('tr');
      tr.innerHTML = `<td>${k}</td><td id="metric-${k}" data-value="${lastMetrics[k]}">${lastMetrics[k].toPrecision(4)}</td>`;
      return tr;
    }),
  );
  $('step').textContent = String(session.step);
  $('d-only').textContent = String(session.dOnly);
  $('g-only').textContent = String(session.gOnly);
}

/** Yields to the browser's event loop (a message, not setTimeout, whose nesting clamp is 4 ms). */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * Trains `n` steps (play: until paused) in slices of {@link SLICE_MS}, refreshing the views when due
 * and once at the end, so that a scripted run leaves the views and metrics of its last step.
 */
async function trainSteps(n: number): Promise<void> {
  if (n !== Number.POSITIVE_INFINITY) {
    // A scripted run: the rate shown is this run's (play resets it for its own).
    rate.steps = 0;
    rate.since = performance.now();
  }
  let left = n;
  let lastRefresh = performance.now();
  let stale = false;
  while (left > 0 && (playing || n !== Number.POSITIVE_INFINITY)) {
    const t0 = performance.now();
    do {
      session.trainStep();
      left--;
      rate.steps++;
      stale = true;
    } while (left > 0 && performance.now() - t0 < SLICE_MS);
    const now = performance.now();
    if (now - lastRefresh >= Math.max(REFRESH_MS, lastRefreshMs / REFRESH_SHARE)) {
      refresh();
      stale = false;
      lastRefresh = performance.now();
    }
    const seconds = (performance.now() - rate.since) / 1000;
    if (seconds > 0.5) $('rate').textContent = (rate.steps / seconds).toFixed(1);
    await yieldToBrowser();
  }
  if (stale) refresh();
}

function play(): void {
  if (playing) {
    pause();
    return;
  }
  playing = true;
  $('play').textContent = '❚❚ pause';
  rate.steps = 0;
  rate.since = performance.now();
  void trainSteps(Number.POSITIVE_INFINITY);
}

function pause(): void {
  playing = false;
  $('play').textContent = '▶ play';
}

function once(action: () => void): void {
  pause();
  action();
  refresh();
}

/** World coordinates of a mouse event on the world canvas. */
function worldPoint(e: MouseEvent): [number, number] {
  const canvas = $<HTMLCanvasElement>('world-canvas');
  const r = canvas.getBoundingClientRect();
  const { min, max } = session.box;
  return [
    min + ((e.clientX - r.left) / r.width) * (max - min),
    max - ((e.clientY - r.top) / r.height) * (max - min),
  ];
}

function wireDrawing(): void {
  const canvas = $<HTMLCanvasElement>('world-canvas');
  let drawing = false;
  let last: [number, number] | undefined;
  const add = (e: MouseEvent) => {
    if (settings.world !== 'drawn') return;
    const p = worldPoint(e);
    if (last && Math.hypot(p[0] - last[0], p[1] - last[1]) < 0.15) return;
    if (!drawing) return;
    last = p;
    settings.drawn.push(p);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = REAL;
    ctx.beginPath();
    ctx.arc(e.offsetX, e.offsetY, 4, 0, 2 * Math.PI);
    ctx.fill();
  };
  canvas.addEventListener('mousedown', (e) => {
    if (settings.world !== 'drawn') return;
    pause();
    drawing = true;
    last = undefined;
    add(e);
  });
  canvas.addEventListener('mousemove', add);
  window.addEventListener('mouseup', () => {
    drawing = false;
  });
  $('clear-drawing').addEventListener('click', () => {
    settings.drawn = [];
    drawWorld2D(
      canvas,
      {
        ...(lastFrame as Extract<Frame, { kind: '2d' }>),
        fakes: new Float32Array(0),
        reals: new Float32Array(0),
      },
      {
        ...layers,
        heat: false,
        manifold: false,
        arrows: false,
      },
    );
  });
}

async function start(): Promise<void> {
  registerWasmKernels();
  const backend = await startBackend();
  $('backend').textContent = backend;
  fillSelect('world', WORLDS);
  fillSelect('loss', Object.keys(losses));
  for (const [key, sc] of Object.entries(SCENARIOS)) {
    const b = document.createElement('button');
    b.id = `scenario-${key}`;
    b.textContent = sc.label;
    b.addEventListener('click', () => {
      reset({ ...DEFAULTS, ...sc.settings, drawn: settings.drawn });
      play();
    });
    $('scenarios').append(b);
  }
  for (const k of Object.keys(layers) as (keyof Layers2D)[]) {
    const label = document.createElement('label');
    label.innerHTML = `<span>${k}</span><input type="checkbox" id="layer-${k}" checked />`;
    label.querySelector('input')!.addEventListener('change', (e) => {
      layers[k] = (e.target as HTMLInputElement).checked;
      draw();
    });
    $('layers').append(label);
  }
  for (const k of [...CHOICES, ...NUMERIC]) $(k).addEventListener('change', () => reset());
  $('play').addEventListener('click', play);
  $('step-btn').addEventListener('click', () => once(() => session.trainStep()));
  $('step-d').addEventListener('click', () => once(() => session.stepD()));
  $('step-g').addEventListener('click', () => once(() => session.stepG()));
  $('reset').addEventListener('click', () => reset());
  wireDrawing();
  reset(settings);
}

/** What scripts drive: the tests in test/browser/ and bench/playground.ts. */
const api = {
  ready: start(),
  backend: () => tf.getBackend(),
  /** Restarts with DEFAULTS overridden by `partial`. */
  configure: (partial: Partial<Settings>) => reset({ ...DEFAULTS, ...partial }),
  trainSteps,
  play,
  pause,
  step: () => session.step,
  metrics: () => ({ ...lastMetrics }),
  stepsPerSecond: () => Number($('rate').textContent),
  numTensors: () => tf.memory().numTensors,
  /** Milliseconds per training step over `n` steps without drawing, and for one refresh (bench/playground.ts). */
  timings: (n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) session.trainStep();
    const trainMs = (performance.now() - t0) / n;
    refresh();
    return { trainMs, renderMs: lastRefreshMs };
  },
  /** The numbers behind the views now (the tests compare them across step D / step G). */
  frame: () => lastFrame,
};
(window as unknown as { playground: typeof api }).playground = api;
