/**
 * Runs the PyTorch twins of the image-to-image networks (bench/pytorch_translation.py) for tests: their
 * trainable parameter counts and output shapes, and for `forward` cases the initialised parameters
 * (converted to TensorFlow layouts) with the eval-mode output on a given input, so a gankit network that
 * takes those weights must reproduce that output.
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type PythonResult, runPython } from './python-reference.js';

/** The twin script (tests run from dist/test/helpers). */
const TWIN = fileURLToPath(new URL('../../../bench/pytorch_translation.py', import.meta.url));

/**
 * One network: `build(kind, h, w, cIn, cOut, **options)` of the twin; `x` (NHWC) asks for a forward, and
 * `dy` (NHWC, the output's shape) also for ∂(Σ dy ⊙ y)/∂x.
 */
export interface TwinCase {
  kind: 'unet' | 'patch' | 'resnet';
  h: number;
  w: number;
  cIn: number;
  cOut: number;
  options?: Record<string, number | string>;
  x?: number[];
  dy?: number[];
}

/** What the twin reports: parameters in `net.parameters()` order, output NHWC. */
export interface TwinResult {
  params: number;
  /** Output shape [1, H', W', C'] (NHWC). */
  shape: number[];
  weights?: { shape: number[]; values: number[] }[];
  y?: number[];
  dx?: number[];
}

const SCRIPT = `
import torch
sys.path.insert(0, ${JSON.stringify(TWIN.replace(/\/[^/]+$/, ''))})
import pytorch_translation as pt
out = []
for c in json.load(sys.stdin):
    torch.manual_seed(0)
    net = pt.build(c['kind'], c['h'], c['w'], c['cIn'], c['cOut'], **c.get('options', {})).eval()
    n = len(c['x']) // (c['h'] * c['w'] * c['cIn']) if 'x' in c else 1
    x = torch.tensor(c['x']).reshape(n, c['h'], c['w'], c['cIn']).permute(0, 3, 1, 2) if 'x' in c else \\
        torch.zeros(1, c['cIn'], c['h'], c['w'])
    x.requires_grad_('dy' in c)
    y = net(x).permute(0, 2, 3, 1)
    r = {'params': sum(p.numel() for p in net.parameters()), 'shape': [1] + list(y.shape[1:])}
    if 'x' in c:
        # Conv2d [out, in, kh, kw] and ConvTranspose2d [in, out, kh, kw] both map to TF's layout by (2, 3, 1, 0).
        to_tf = lambda p: p.permute(2, 3, 1, 0) if p.dim() == 4 else p
        r['weights'] = [{'shape': list(to_tf(p).shape), 'values': to_tf(p).flatten().tolist()}
                        for p in net.parameters()]
        r['y'] = y.detach().flatten().tolist()
    if 'dy' in c:
        y.backward(torch.tensor(c['dy']).reshape(y.shape))
        r['dx'] = x.grad.permute(0, 2, 3, 1).flatten().tolist()
    out.append(r)
print(json.dumps(out))
`;

/** Runs every case in one interpreter (importing torch takes seconds). */
export function torchTwin(cases: TwinCase[]): PythonResult<TwinResult[]> {
  return runPython<TwinResult[]>(SCRIPT, cases, ['torch']);
}

/** Trainable parameters of a model, the quantity torch's `sum(p.numel() for p in net.parameters())` counts. */
export function trainableParams(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.read().size, 0);
}

/**
 * Writes the twin's parameters into `model`'s trainable weights in order, checking every shape: the
 * networks create their layers in the official module order, so the orders agree.
 */
export function loadTwinWeights(model: tfl.LayersModel, weights: NonNullable<TwinResult['weights']>): void {
  const targets = model.trainableWeights;
  if (targets.length !== weights.length) {
    throw new Error(`${model.name}: ${targets.length} trainable weights, the twin has ${weights.length}`);
  }
  targets.forEach((v, i) => {
    if (v.shape.join() !== weights[i].shape.join()) {
      throw new Error(
        `${model.name}: weight ${i} (${v.name}) is [${v.shape}], the twin's [${weights[i].shape}]`,
      );
    }
    v.write(tf.tensor(weights[i].values, weights[i].shape));
  });
}
