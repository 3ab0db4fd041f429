/**
 * The image page: a generator exported by `gankit export`, loaded with plain @tensorflow/tfjs (no
 * gankit code on this page) from `./model/` (what `gankit playground --run DIR` serves) or from files the
 * user drops. Shows a grid of samples, re-samples, interpolates between two picked samples and does
 * latent arithmetic A − B + C on three; conditional models get a class choice, style-based ones (a
 * StyleGAN export, whose second input is ψ) the truncation ψ.
 */
import * as tf from '@tensorflow/tfjs';
import { startBackend } from '../shared/backend.js';

/** The parts of gankit.json the page reads (src/export/run.ts writes it). */
interface ExportInfo {
  preset?: string;
  step?: number;
  latentDim: number;
  numClasses?: number;
  classNames?: string[];
  pixelRange: '-1,1' | '0,1';
  imageShape: [number, number, number];
  /** The second input is the truncation ψ [N, 1]. */
  psiInput?: boolean;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const GRID = 8;
const INTERP = 8;

let model: tf.LayersModel | undefined;
let info: ExportInfo | undefined;
let latents: tf.Tensor2D | undefined;
let labels: number[] = [];
let picks: number[] = [];

/** gankit.json, or what the model's own shapes tell when it is missing. */
function infoFrom(m: tf.LayersModel, given?: Partial<ExportInfo>): ExportInfo {
  const z = m.inputs[0].shape[1] as number;
  const out = m.outputs[0].shape.slice(1) as number[];
  const shape = (out.length === 3 ? out : [out[0], 1, 1]) as [number, number, number];
  // Without gankit.json: a second input named psi is StyleGAN's truncation, any other the labels.
  const psiInput = given?.psiInput ?? m.inputNames[1] === 'psi';
  const numClasses = m.inputs[1] && !psiInput ? (m.inputs[1].shape[1] as number) : undefined;
  return { latentDim: z, imageShape: shape, pixelRange: '-1,1', numClasses, psiInput, ...given };
}

async function useModel(m: tf.LayersModel, given?: Partial<ExportInfo>): Promise<void> {
  model?.dispose();
  model = m;
  info = infoFrom(m, given);
  const [h, w, c] = info.imageShape;
  $('model-info').textContent =
    `${info.preset ?? 'model'}${info.step !== undefined ? ` step ${info.step}` : ''}: z ${info.latentDim}` +
    `${info.numClasses ? `, ${info.numClasses} classes` : ''} → ${h}×${w}×${c}`;
  const select = $<HTMLSelectElement>('class');
  select.replaceChildren(new Option('mixed', '-1'));
  for (let k = 0; k < (info.numClasses ?? 0); k++)
    select.append(new Option(info.classNames?.[k] ?? String(k), String(k)));
  select.disabled = !info.numClasses;
  $<HTMLInputElement>('psi').disabled = !info.psiInput;
  picks = [];
  resample();
}

/** Fresh latent codes (seeded by the seed box) and labels, then every view. */
function resample(): void {
  if (!model || !info) return;
  const seed = Number($<HTMLInputElement>('seed').value) || 0;
  latents?.dispose();
  latents = tf.randomNormal([GRID * GRID, info.latentDim], 0, 1, 'float32', seed) as tf.Tensor2D;
  const k = Number($<HTMLSelectElement>('class').value);
  labels = Array.from({ length: GRID * GRID }, (_, i) => (k >= 0 ? k : i % (info?.numClasses ?? 1)));
  picks = [];
  drawAll();
}

/** The truncation ψ the slider sets. */
function psi(): number {
  return Number($<HTMLInputElement>('psi').value);
}

/** The model's raw output for `z` and its second input: one-hot labels, or ψ for a StyleGAN export. */
function modelOutput(z: tf.Tensor2D, ls: number[], truncation = psi()): tf.Tensor {
  return tf.tidy(() => {
    const inputs: tf.Tensor[] = [z];
    if (info?.numClasses) inputs.push(tf.oneHot(tf.tensor1d(ls, 'int32'), info.numClasses));
    if (info?.psiInput) inputs.push(tf.fill([z.shape[0], 1], truncation));
    return model!.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor;
  });
}

/** G(z) (+ one-hot labels or ψ) as images in [0, 1], [n, h, w, c]. */
function generate(z: tf.Tensor2D, ls: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const y = modelOutput(z, ls);
    const [h, w, c] = info!.imageShape;
    const img = tf.reshape(y, [-1, h, w, c]);
    const unit = info!.pixelRange === '-1,1' ? tf.div(tf.add(img, 1), 2) : img;
    return tf.clipByValue(unit, 0, 1) as tf.Tensor4D;
  });
}

/** Draws images [n, h, w, c] in [0, 1] as a row-major grid of `columns` cells on `canvas`. */
async function paint(canvas: HTMLCanvasElement, images: tf.Tensor4D, columns: number, marks: number[] = []) {
  const [n, h, w, c] = images.shape;
  const data = await images.data();
  const cell = Math.floor(canvas.width / columns);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const tile = new ImageData(w, h);
  const small = document.createElement('canvas');
  small.width = w;
  small.height = h;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < h * w; p++) {
      const base = (i * h * w + p) * c;
      const [r, g, b] =
        c >= 3 ? [data[base], data[base + 1], data[base + 2]] : [data[base], data[base], data[base]];
      tile.data.set([r * 255, g * 255, b * 255, 255], 4 * p);
    }
    small.getContext('2d')!.putImageData(tile, 0, 0);
    ctx.imageSmoothingEnabled = false;
    const x = (i % columns) * cell;
    const y = Math.floor(i / columns) * cell;
    ctx.drawImage(small, x + 1, y + 1, cell - 2, cell - 2);
    const mark = marks.indexOf(i);
    if (mark >= 0) {
      ctx.strokeStyle = ['#e66101', '#5e3c99', '#1a9850'][mark];
      ctx.lineWidth = 3;
      ctx.strokeRect(x + 1.5, y + 1.5, cell - 3, cell - 3);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillText('ABC'[mark], x + 4, y + 12);
    }
  }
}

function row(i: number): tf.Tensor2D {
  return tf.slice(latents!, [i, 0], [1, -1]) as tf.Tensor2D;
}

async function drawAll(): Promise<void> {
  if (!model || !latents) return;
  const grid = generate(latents, labels);
  await paint($<HTMLCanvasElement>('grid'), grid, GRID, picks);
  grid.dispose();
  for (const id of ['interp', 'arith']) {
    const cv = $<HTMLCanvasElement>(id);
    cv.getContext('2d')!.clearRect(0, 0, cv.width, cv.height);
  }
  if (picks.length >= 2) {
    const [a, b] = picks;
    const path = tf.tidy(() => {
      const t = tf.linspace(0, 1, INTERP).reshape([INTERP, 1]);
      return tf.add(tf.mul(tf.sub(1, t), row(a)), tf.mul(t, row(b))) as tf.Tensor2D;
    });
    const imgs = generate(path, Array(INTERP).fill(labels[a]));
    await paint($<HTMLCanvasElement>('interp'), imgs, INTERP);
    tf.dispose([path, imgs]);
  }
  if (picks.length === 3) {
    const [a, b, c] = picks;
    const z = tf.tidy(
      () => tf.concat([row(a), row(b), row(c), tf.add(tf.sub(row(a), row(b)), row(c))]) as tf.Tensor2D,
    );
    const imgs = generate(z, [labels[a], labels[b], labels[c], labels[c]]);
    await paint($<HTMLCanvasElement>('arith'), imgs, 4);
    tf.dispose([z, imgs]);
  }
}

/** Loads dropped / chosen files: model.json and its weights, gankit.json when given. */
async function loadFiles(files: File[]): Promise<void> {
  const json =
    files.find((f) => f.name === 'model.json') ??
    files.find((f) => f.name.endsWith('.json') && f.name !== 'gankit.json');
  const weights = files.filter((f) => f.name.endsWith('.bin'));
  const meta = files.find((f) => f.name === 'gankit.json');
  if (!json || weights.length === 0) {
    $('status').textContent =
      'Drop model.json together with its weights.bin (and gankit.json for class names and pixel range).';
    return;
  }
  try {
    const m = await tf.loadLayersModel(tf.io.browserFiles([json, ...weights]));
    await useModel(m, meta ? JSON.parse(await meta.text()) : undefined);
    $('status').textContent = `loaded ${json.name}`;
  } catch (err) {
    $('status').textContent = `could not load ${json.name}: ${(err as Error).message}`;
  }
}

/** The export folder at `base` (by default what `gankit playground --run DIR` serves), if there is one. */
async function loadServed(base = './model/'): Promise<boolean> {
  const res = await fetch(`${base}gankit.json`).catch(() => undefined);
  if (!res?.ok) return false;
  const given = (await res.json()) as ExportInfo;
  await useModel(await tf.loadLayersModel(`${base}model.json`), given);
  $('status').textContent = `loaded ${base}model.json`;
  return true;
}

async function start(): Promise<void> {
  $('backend').textContent = await startBackend();
  $('resample').addEventListener('click', () => {
    const seed = $<HTMLInputElement>('seed');
    seed.value = String(Number(seed.value) + 1);
    resample();
  });
  $('class').addEventListener('change', resample);
  $('seed').addEventListener('change', resample);
  $('psi').addEventListener('input', () => {
    $('psi-value').textContent = psi().toFixed(2);
    void drawAll();
  });
  $('clear-picks').addEventListener('click', () => {
    picks = [];
    void drawAll();
  });
  $('grid').addEventListener('click', (e) => {
    const cv = $<HTMLCanvasElement>('grid');
    const r = cv.getBoundingClientRect();
    const cell = r.width / GRID;
    const i = Math.floor((e.clientY - r.top) / cell) * GRID + Math.floor((e.clientX - r.left) / cell);
    picks = picks.includes(i) ? picks.filter((p) => p !== i) : [...picks, i].slice(-3);
    void drawAll();
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => e.preventDefault());
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    void loadFiles(Array.from(e.dataTransfer?.files ?? []));
  });
  $<HTMLInputElement>('files').addEventListener('change', (e) => {
    void loadFiles(Array.from((e.target as HTMLInputElement).files ?? []));
  });
  if (!(await loadServed())) $('status').textContent = 'No model served: drop an exported model.';
}

/** What the tests drive: generate for given latents with the loaded model. */
const api = {
  ready: start(),
  info: () => info,
  /** Loads the export folder at URL `base` (ending in /); resolves to whether there was one. */
  load: (base: string) => loadServed(base),
  /**
   * The raw generator output (the exported model's own range) for `z` (n × latentDim), labels and ψ
   * (default: the slider's).
   */
  predict: async (z: number[], n: number, ls: number[] = [], truncation?: number) => {
    const latent = tf.tensor2d(z, [n, z.length / n]);
    const y = modelOutput(latent, ls, truncation);
    const out = Array.from(await y.data());
    tf.dispose([y, latent]);
    return out;
  },
  /** Sets the truncation slider (and redraws). */
  setPsi: (value: number) => {
    $<HTMLInputElement>('psi').value = String(value);
    $('psi-value').textContent = value.toFixed(2);
    return drawAll();
  },
  pick: (i: number) => {
    picks = [...picks, i].slice(-3);
    return drawAll();
  },
};
(window as unknown as { imagePage: typeof api }).imagePage = api;
