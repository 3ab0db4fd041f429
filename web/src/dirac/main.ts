/**
 * The Dirac GAN page: one method (a loss and a trick) trained from a start point the user clicks, drawn
 * in the (θ, ψ) plane over the field its gradients make, with the distance to the equilibrium and the
 * verdict. The path is computed at once by `diracTrajectory` (gankit's losses and regularisers through
 * tfjs autograd) and then revealed over about two seconds. `window.dirac` exposes the same actions to
 * the headless-Chromium test.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type DiracMethod,
  type DiracTrajectory,
  diracGradients,
  diracTrajectory,
  diracVerdict,
} from '../../../src/browser.js';
import { startBackend } from '../shared/backend.js';

interface Settings {
  loss: string;
  trick: 'none' | 'r1' | 'r2' | 'gp' | 'clip' | 'noise';
  strength: number;
  update: 'simultaneous' | 'alternating';
  lr: number;
  steps: number;
  theta0: number;
  psi0: number;
}

const DEFAULTS: Settings = {
  loss: 'non-saturating',
  trick: 'none',
  strength: 0.3,
  update: 'simultaneous',
  lr: 0.1,
  steps: 500,
  theta0: 1,
  psi0: 1,
};

/** The one-click comparisons of the paper's figure 3 (docs/guide/dirac-gan.md has the measured table). */
const SCENARIOS: Record<string, Partial<Settings>> = {
  'Standard GAN: spirals out': { loss: 'minimax', trick: 'none' },
  'Non-saturating: circles': { loss: 'non-saturating', trick: 'none' },
  'WGAN-GP: circles': { loss: 'wasserstein', trick: 'gp', strength: 0.5 },
  'Instance noise: converges': { loss: 'non-saturating', trick: 'noise', strength: 1 },
  'R1: converges': { loss: 'non-saturating', trick: 'r1', strength: 0.3 },
};

const RANGE = 2;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
let settings: Settings = { ...DEFAULTS };
let path: DiracTrajectory | undefined;
let shownUpTo = 0;
let animation = 0;
let field: [number, number, number, number][] = [];
let fieldKey = '';

/** The settings as gankit's method description. */
function methodOf(s: Settings): DiracMethod {
  const m: DiracMethod = { loss: s.loss };
  if (s.trick === 'r1' || s.trick === 'r2') m.regularizer = { name: s.trick, gamma: s.strength };
  if (s.trick === 'gp') m.regularizer = { name: 'gp', weight: s.strength, target: 0.3 };
  if (s.trick === 'clip') m.clip = s.strength;
  if (s.trick === 'noise') m.instanceNoise = s.strength;
  return m;
}

const toX = (theta: number, w: number) => ((theta + RANGE) / (2 * RANGE)) * w;
const toY = (psi: number, h: number) => ((RANGE - psi) / (2 * RANGE)) * h;

/** The field, the axes, the equilibrium, and the path up to step `upTo`. */
function draw(upTo: number): void {
  const canvas = $<HTMLCanvasElement>('plane');
  const ctx = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.strokeStyle = '#ddd';
  ctx.beginPath();
  ctx.moveTo(toX(0, w), 0);
  ctx.lineTo(toX(0, w), h);
  ctx.moveTo(0, toY(0, h));
  ctx.lineTo(w, toY(0, h));
  ctx.stroke();
  ctx.strokeStyle = '#aab';
  for (const [t, p, gt, gp] of field) {
    const norm = Math.hypot(gt, gp) || 1;
    const [x, y] = [toX(t, w), toY(p, h)];
    const [dx, dy] = [(-gt / norm) * 12, (gp / norm) * 12];
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + dx, y + dy);
    ctx.arc(x + dx, y + dy, 1.2, 0, 2 * Math.PI);
    ctx.stroke();
  }
  if (path) {
    ctx.strokeStyle = '#c62828';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let k = 0; k <= upTo; k++) {
      const [x, y] = [toX(path.theta[k], w), toY(path.psi[k], h)];
      if (k === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    ctx.lineWidth = 1;
    ctx.fillStyle = '#888';
    ctx.fillRect(toX(path.theta[0], w) - 4, toY(path.psi[0], h) - 4, 8, 8);
  }
  ctx.fillStyle = '#000';
  ctx.beginPath();
  ctx.arc(toX(0, w), toY(0, h), 4, 0, 2 * Math.PI);
  ctx.fill();
}

/**
 * The descent direction −(gθ, gψ) of `method` on a 13 × 13 grid, as [θ, ψ, gθ, gψ]: drawn as arrows of
 * one length, since their direction is the point. Computed once per method, not per frame.
 */
function fieldOf(method: DiracMethod): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < 13; i++) {
    for (let j = 0; j < 13; j++) {
      const [t, p] = [-RANGE + ((i + 0.5) * 2 * RANGE) / 13, -RANGE + ((j + 0.5) * 2 * RANGE) / 13];
      const g = diracGradients(method, t, p, { noiseSamples: 200 });
      out.push([t, p, g.theta, g.psi]);
    }
  }
  return out;
}

/** Trains the current settings from their start, shows the verdict, and reveals the path. */
function run(): DiracTrajectory {
  cancelAnimationFrame(animation);
  const key = JSON.stringify(methodOf(settings));
  if (key !== fieldKey) {
    field = fieldOf(methodOf(settings));
    fieldKey = key;
  }
  const p = diracTrajectory(methodOf(settings), {
    steps: settings.steps,
    lr: settings.lr,
    update: settings.update,
    theta0: settings.theta0,
    psi0: settings.psi0,
    seed: 1,
  });
  path = p;
  const end = settings.steps;
  const v = $('verdict');
  const verdict = diracVerdict(p);
  v.textContent =
    `after ${end} steps: θ = ${p.theta[end].toFixed(4)}, ψ = ${p.psi[end].toFixed(4)}, distance to (0, 0) ` +
    `${p.distance[end].toExponential(2)} (from ${p.distance[0].toFixed(3)}): ${verdict}`;
  v.dataset.distance = String(p.distance[end]);
  v.dataset.verdict = verdict;
  const started = performance.now();
  const frame = () => {
    shownUpTo = Math.min(end, Math.round(((performance.now() - started) / 2000) * end));
    draw(shownUpTo);
    if (shownUpTo < end) animation = requestAnimationFrame(frame);
  };
  frame();
  return p;
}

function readSettings(): void {
  const number = (id: string, fallback: number) => {
    const v = Number($<HTMLInputElement>(id).value);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  settings = {
    ...settings,
    loss: $<HTMLSelectElement>('loss').value,
    trick: $<HTMLSelectElement>('trick').value as Settings['trick'],
    strength: number('strength', settings.strength),
    update: $<HTMLSelectElement>('update').value as Settings['update'],
    lr: number('lr', settings.lr),
    steps: Math.round(number('steps', settings.steps)),
  };
}

function showSettings(): void {
  $<HTMLSelectElement>('loss').value = settings.loss;
  $<HTMLSelectElement>('trick').value = settings.trick;
  $<HTMLInputElement>('strength').value = String(settings.strength);
  $<HTMLSelectElement>('update').value = settings.update;
  $<HTMLInputElement>('lr').value = String(settings.lr);
  $<HTMLInputElement>('steps').value = String(settings.steps);
}

/** Applies `s` over the current settings and runs them. */
function configure(s: Partial<Settings>): DiracTrajectory {
  settings = { ...settings, ...s };
  showSettings();
  return run();
}

async function start(): Promise<void> {
  $('backend').textContent = await startBackend();
  $('scenarios').replaceChildren(
    ...Object.entries(SCENARIOS).map(([label, s]) => {
      const b = document.createElement('button');
      b.textContent = label;
      b.addEventListener('click', () => configure(s));
      return b;
    }),
  );
  for (const id of ['loss', 'trick', 'strength', 'update', 'lr', 'steps'])
    $(id).addEventListener('change', () => {
      readSettings();
      run();
    });
  const canvas = $<HTMLCanvasElement>('plane');
  canvas.addEventListener('click', (e) => {
    const r = canvas.getBoundingClientRect();
    const theta = ((e.clientX - r.left) / r.width) * 2 * RANGE - RANGE;
    const psi = RANGE - ((e.clientY - r.top) / r.height) * 2 * RANGE;
    configure({ theta0: theta, psi0: psi });
  });
  configure({});
}

const ready = start();
(window as unknown as { dirac: unknown }).dirac = {
  ready,
  /** Runs `s` and returns the final distance and the verdict the page shows. */
  configure: (s: Partial<Settings>) => {
    const p = configure(s);
    return { distance: p.distance[p.distance.length - 1], verdict: diracVerdict(p) };
  },
  numTensors: () => tf.memory().numTensors,
};
