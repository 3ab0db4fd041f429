/**
 * Runs an exported model with stock `@tensorflow/tfjs` in a child process that imports nothing of
 * gankit (so none of its layers is registered): the proof that an export stands on its own.
 */
import { spawnSync } from 'node:child_process';

/** The child: reads model.json + weights.bin with fs, loads them with tf.loadLayersModel, predicts. */
const CHILD = `
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
const req = JSON.parse(readFileSync(0, 'utf8'));
await tf.setBackend('cpu');
const out = [];
for (const job of req.jobs) {
  const json = JSON.parse(readFileSync(path.join(job.dir, 'model.json'), 'utf8'));
  const manifest = json.weightsManifest[0];
  const bin = readFileSync(path.join(job.dir, manifest.paths[0]));
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: manifest.weights,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
  const n = job.n;
  const inputs = [tf.tensor2d(job.z, [n, job.z.length / n])];
  if (job.labels) inputs.push(tf.oneHot(tf.tensor1d(job.labels, 'int32'), job.numClasses));
  if (job.psi !== undefined) inputs.push(tf.fill([n, 1], job.psi));
  const y = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  out.push(Array.from(await y.data()));
}
process.stdout.write(JSON.stringify(out));
`;

/** One prediction request: `n` latent rows (row-major) and, for conditional models, their labels. */
export interface PlainJob {
  dir: string;
  n: number;
  z: number[];
  labels?: number[];
  numClasses?: number;
  /** StyleGAN exports: the truncation ψ, fed as the second input. */
  psi?: number;
}

/** The outputs of each job, computed by plain tfjs (cpu backend) in a gankit-free process. */
export function predictWithPlainTfjs(jobs: PlainJob[]): Float32Array[] {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], {
    input: JSON.stringify({ jobs }),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    cwd: new URL('../../..', import.meta.url).pathname,
  });
  if (r.status !== 0) throw new Error(`plain tfjs child failed:\n${r.stderr}`);
  return (JSON.parse(r.stdout) as number[][]).map((v) => Float32Array.from(v));
}
