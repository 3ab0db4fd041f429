/**
 * Checkpoints: `checkpoints/step-XXXXXX/` holding `manifest.json` (step, RNG and data-order state, tensor
 * index) and `tensors.bin` (raw little-endian values). A checkpoint is written into a temporary folder and
 * renamed into place, then the `latest` pointer file is replaced atomically, so an interrupted save never
 * damages the previous checkpoint.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs.js';
import type { StoredTensor } from './stored-tensors.js';

export { restoreTensors, type StoredTensor, storeTensors } from './stored-tensors.js';

const FORMAT_VERSION = 1;

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

/** A checkpoint in memory: free-form JSON state plus named groups of tensors. */
export interface Checkpoint<S> {
  step: number;
  state: S;
  groups: Record<string, StoredTensor[]>;
}

/** Folder name of the checkpoint of `step`. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(6, '0')}`;
}

/** Writes a checkpoint atomically and points `latest` at it; keeps the newest `keep` checkpoints. */
export function saveCheckpoint<S>(dir: string, ckpt: Checkpoint<S>, keep: number): string {
  mkdirSync(dir, { recursive: true });
  const name = checkpointName(ckpt.step);
  const tmp = path.join(dir, `.tmp-${name}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const entries: Record<string, ManifestEntry[]> = {};
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [group, tensors] of Object.entries(ckpt.groups)) {
    entries[group] = tensors.map((t) => {
      const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
      chunks.push(bytes);
      const e = { name: t.name, shape: t.shape, dtype: t.dtype, offset, length: t.values.length };
      offset += bytes.byteLength;
      return e;
    });
  }
  writeFileSync(path.join(tmp, 'tensors.bin'), Buffer.concat(chunks));
  const manifest = {
    format: 'gankit-checkpoint',
    version: FORMAT_VERSION,
    step: ckpt.step,
    state: ckpt.state,
    tensors: entries,
  };
  writeFileSync(path.join(tmp, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  const final = path.join(dir, name);
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  writeFileAtomic(path.join(dir, 'latest'), `${name}\n`);
  pruneCheckpoints(dir, keep);
  return final;
}

function pruneCheckpoints(dir: string, keep: number): void {
  const all = readdirSync(dir)
    .filter((n) => /^step-\d{6,}$/.test(n))
    .sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep)))
    rmSync(path.join(dir, old), { recursive: true, force: true });
}

/** The folder of the checkpoint `latest` points to, or `undefined` when there is none. */
export function latestCheckpoint(dir: string): string | undefined {
  const pointer = path.join(dir, 'latest');
  if (!existsSync(pointer)) return undefined;
  const name = readFileSync(pointer, 'utf8').trim();
  const p = path.join(dir, name);
  if (!existsSync(path.join(p, 'manifest.json'))) {
    throw new InputError(
      pointer,
      `points to '${name}', which is missing or incomplete`,
      'Edit it to name an existing step-XXXXXX folder',
    );
  }
  return p;
}

/** Loads a checkpoint folder written by {@link saveCheckpoint}, validating its index against the data. */
export function loadCheckpoint<S>(folder: string): Checkpoint<S> {
  const manifestFile = path.join(folder, 'manifest.json');
  let manifest: {
    format?: string;
    version?: number;
    step: number;
    state: S;
    tensors: Record<string, ManifestEntry[]>;
  };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new InputError(manifestFile, `unreadable checkpoint manifest (${(err as Error).message})`);
  }
  if (manifest.format !== 'gankit-checkpoint' || manifest.version !== FORMAT_VERSION) {
    throw new InputError(manifestFile, `not a gankit checkpoint of format version ${FORMAT_VERSION}`);
  }
  const binFile = path.join(folder, 'tensors.bin');
  const bin = readFileSync(binFile);
  const groups: Record<string, StoredTensor[]> = {};
  for (const [group, entries] of Object.entries(manifest.tensors)) {
    groups[group] = entries.map((e) => {
      if (e.offset + e.length * 4 > bin.byteLength) {
        throw new InputError(
          binFile,
          `truncated: tensor '${e.name}' needs bytes up to ${e.offset + e.length * 4}, file has ${bin.byteLength}`,
        );
      }
      const copy = bin.buffer.slice(bin.byteOffset + e.offset, bin.byteOffset + e.offset + e.length * 4);
      const values = e.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
      return { name: e.name, shape: e.shape, dtype: e.dtype, values };
    });
  }
  return { step: manifest.step, state: manifest.state, groups };
}
