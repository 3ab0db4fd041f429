/**
 * Checkpoints: `checkpoints/step-XXXXXX/` holding `manifest.json` (step, RNG and data-order state, tensor
 * index, size and SHA-256 of the tensor file) and `tensors.bin` (raw little-endian values). A checkpoint
 * is written into a temporary folder (files flushed to disk) and renamed into place, then the `latest`
 * pointer file is replaced atomically, so an interrupted save never damages an earlier checkpoint. A
 * reader validates every manifest field and the tensor file's size and hash before it trusts either, and
 * `latest` falls back to the newest intact checkpoint when the one it names was damaged or deleted.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { GankitError, InputError } from '../util/errors.js';
import { describeWriteError, writeFileAtomic } from '../util/fs.js';
import type { FaultPlan } from './faults.js';
import type { StoredTensor } from './stored-tensors.js';

export { restoreTensors, type StoredTensor, storeTensors } from './stored-tensors.js';

const FORMAT_VERSION = 1;
const STEP_FOLDER = /^step-\d{6,}$/;
/** Temporary and set-aside folders of a save in progress (never matched by {@link STEP_FOLDER}). */
const SCRATCH = /^\.(tmp|old)-step-/;

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

interface Manifest<S> {
  format: 'gankit-checkpoint';
  version: number;
  step: number;
  /** Size and SHA-256 (hex) of tensors.bin; absent in checkpoints written before they were recorded. */
  bytes?: number;
  sha256?: string;
  state: S;
  tensors: Record<string, ManifestEntry[]>;
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

/** Writes `parts` to a new file and flushes it to disk, so a rename after it publishes complete data. */
function writeDurable(file: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(file, 'wx');
  try {
    for (const p of parts) for (let done = 0; done < p.byteLength; ) done += writeSync(fd, p, done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Blocks the thread for `ms` milliseconds (the `pause-checkpoint` fault: a window for a kill). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes a checkpoint atomically and points `latest` at it; keeps the newest `keep` checkpoints. A
 * failed write (full disk, no permission) removes its temporary folder, leaves every earlier checkpoint
 * as it was and throws a {@link GankitError} saying so.
 * @param faults the reliability tests' injected faults (a pause inside the write, a full disk).
 */
export function saveCheckpoint<S>(
  dir: string,
  ckpt: Checkpoint<S>,
  keep: number,
  faults?: FaultPlan,
): string {
  const name = checkpointName(ckpt.step);
  const tmp = path.join(dir, `.tmp-${name}-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    // Leftovers of a process killed mid-save; the run lock guarantees no other process is saving.
    for (const n of readdirSync(dir))
      if (SCRATCH.test(n)) rmSync(path.join(dir, n), { recursive: true, force: true });
    mkdirSync(tmp);
    const entries: Record<string, ManifestEntry[]> = {};
    const chunks: Uint8Array[] = [];
    const hash = createHash('sha256');
    let offset = 0;
    for (const [group, tensors] of Object.entries(ckpt.groups)) {
      entries[group] = tensors.map((t) => {
        const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
        chunks.push(bytes);
        hash.update(bytes);
        const e = { name: t.name, shape: t.shape, dtype: t.dtype, offset, length: t.values.length };
        offset += bytes.byteLength;
        return e;
      });
    }
    const binFile = path.join(tmp, 'tensors.bin');
    if (faults?.fires('enospc-checkpoint', ckpt.step)) {
      writeDurable(binFile, [chunks[0]?.subarray(0, chunks[0].byteLength >> 1) ?? new Uint8Array()]);
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), {
        code: 'ENOSPC',
        path: binFile,
      });
    }
    writeDurable(binFile, chunks);
    if (faults?.checkpointPauseMs) sleepSync(faults.checkpointPauseMs);
    const manifest: Manifest<S> = {
      format: 'gankit-checkpoint',
      version: FORMAT_VERSION,
      step: ckpt.step,
      bytes: offset,
      sha256: hash.digest('hex'),
      state: ckpt.state,
      tensors: entries,
    };
    writeDurable(path.join(tmp, 'manifest.json'), [Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`)]);
    const final = path.join(dir, name);
    // A checkpoint of this step from before a resume is set aside, not deleted, until the new one is in.
    const aside = path.join(dir, `.old-${name}-${process.pid}`);
    const replacing = existsSync(final);
    if (replacing) renameSync(final, aside);
    renameSync(tmp, final);
    writeFileAtomic(path.join(dir, 'latest'), `${name}\n`);
    if (replacing) rmSync(aside, { recursive: true, force: true });
    pruneCheckpoints(dir, keep);
    return final;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const problem = describeWriteError(err);
    if (!problem) throw err;
    const kept = latestCheckpoint(dir);
    throw new GankitError(
      `checkpoint ${name} could not be written: ${problem}. ${
        kept
          ? `The newest intact checkpoint, ${path.basename(kept)}, is kept`
          : 'No earlier checkpoint exists'
      }; free disk space or fix the folder's permissions, then continue with --resume`,
    );
  }
}

function pruneCheckpoints(dir: string, keep: number): void {
  const all = readdirSync(dir)
    .filter((n) => STEP_FOLDER.test(n))
    .sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep)))
    rmSync(path.join(dir, old), { recursive: true, force: true });
}

/**
 * The newest intact checkpoint folder: the one `latest` names, else (when that one was deleted,
 * truncated or damaged, or `latest` is missing) the highest intact `step-XXXXXX`; `undefined` when
 * there is none. Each damaged folder passed over is reported to `onSkip` with the reason.
 */
export function latestCheckpoint(
  dir: string,
  onSkip?: (folder: string, why: string) => void,
): string | undefined {
  if (!existsSync(dir)) return undefined;
  const pointer = path.join(dir, 'latest');
  const named = existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : undefined;
  const steps = readdirSync(dir)
    .filter((n) => STEP_FOLDER.test(n))
    .sort()
    .reverse();
  const candidates = named && STEP_FOLDER.test(named) ? [named, ...steps.filter((n) => n !== named)] : steps;
  if (named !== undefined && !STEP_FOLDER.test(named))
    onSkip?.(pointer, `names '${named.slice(0, 80)}', which is not a step-XXXXXX folder`);
  for (const name of candidates) {
    const folder = path.join(dir, name);
    const why = checkpointDamage(folder);
    if (!why) return folder;
    onSkip?.(folder, why);
  }
  return undefined;
}

/** Why the checkpoint in `folder` cannot be loaded (missing, truncated, damaged), or `undefined`. */
export function checkpointDamage(folder: string): string | undefined {
  try {
    loadCheckpoint(folder);
    return undefined;
  } catch (err) {
    if (err instanceof GankitError) return err.message;
    throw err;
  }
}

/**
 * Loads a checkpoint folder written by {@link saveCheckpoint}, validating its manifest and the tensor
 * file's size and hash; anything missing or damaged is an {@link InputError} naming the file.
 */
export function loadCheckpoint<S>(folder: string): Checkpoint<S> {
  const manifestFile = path.join(folder, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(manifestFile, 'utf8');
  } catch (err) {
    throw new InputError(manifestFile, `missing or unreadable (${(err as NodeJS.ErrnoException).code})`);
  }
  const manifest = parseManifest<S>(text, manifestFile);
  const binFile = path.join(folder, 'tensors.bin');
  let bin: Buffer;
  try {
    bin = readFileSync(binFile);
  } catch (err) {
    throw new InputError(binFile, `missing or unreadable (${(err as NodeJS.ErrnoException).code})`);
  }
  if (manifest.bytes !== undefined && bin.byteLength !== manifest.bytes)
    throw new InputError(
      binFile,
      `${bin.byteLength < manifest.bytes ? 'truncated' : 'too long'}: the manifest records ${manifest.bytes} bytes, the file has ${bin.byteLength}`,
    );
  if (manifest.sha256 !== undefined && createHash('sha256').update(bin).digest('hex') !== manifest.sha256)
    throw new InputError(binFile, 'damaged: its SHA-256 differs from the one the manifest records');
  const groups: Record<string, StoredTensor[]> = {};
  for (const [group, entries] of Object.entries(manifest.tensors)) {
    groups[group] = entries.map((e) => {
      const end = e.offset + e.length * 4;
      if (end > bin.byteLength) {
        throw new InputError(
          binFile,
          `truncated: tensor '${e.name}' needs bytes up to ${end}, file has ${bin.byteLength}`,
        );
      }
      const copy = bin.buffer.slice(bin.byteOffset + e.offset, bin.byteOffset + end);
      const values = e.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
      return { name: e.name, shape: e.shape, dtype: e.dtype, values };
    });
  }
  return { step: manifest.step, state: manifest.state, groups };
}

/**
 * Parses and checks a manifest's text: every field the loader relies on has its type and range, so a
 * damaged or hand-edited manifest is an {@link InputError} naming the field, never a crash later.
 */
export function parseManifest<S>(text: string, file: string): Manifest<S> {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, `unreadable checkpoint manifest (${(err as Error).message})`);
  }
  const bad = (what: string) => new InputError(file, `not a valid checkpoint manifest: ${what}`);
  if (!isRecord(m) || m.format !== 'gankit-checkpoint' || m.version !== FORMAT_VERSION)
    throw new InputError(file, `not a gankit checkpoint of format version ${FORMAT_VERSION}`);
  if (!isCount(m.step)) throw bad("'step' must be a whole number ≥ 0");
  if (m.bytes !== undefined && !isCount(m.bytes)) throw bad("'bytes' must be a whole number ≥ 0");
  if (m.sha256 !== undefined && (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256)))
    throw bad("'sha256' must be 64 hex digits");
  if (!isRecord(m.state)) throw bad("'state' must be an object");
  if (!isRecord(m.tensors)) throw bad("'tensors' must be an object of groups");
  for (const [group, entries] of Object.entries(m.tensors)) {
    // JSON.parse makes "__proto__" an own key; assigned into a plain object later it would set a prototype.
    if (group === '__proto__' || group === 'constructor' || group === 'prototype')
      throw bad(`tensor group '${group}' is not a network's name`);
    if (!Array.isArray(entries)) throw bad(`tensor group '${group}' must be a list`);
    entries.forEach((e: unknown, i) => {
      const where = `tensor ${i} of group '${group}'`;
      if (!isRecord(e) || typeof e.name !== 'string') throw bad(`${where} has no name`);
      if (e.dtype !== 'float32' && e.dtype !== 'int32') throw bad(`${where} has dtype ${String(e.dtype)}`);
      if (!Array.isArray(e.shape) || !e.shape.every(isCount)) throw bad(`${where} has a malformed shape`);
      if (!isCount(e.offset) || e.offset % 4 !== 0) throw bad(`${where} has a malformed offset`);
      const size = (e.shape as number[]).reduce((a, b) => a * b, 1);
      if (e.length !== size) throw bad(`${where} has ${String(e.length)} values, its shape needs ${size}`);
    });
  }
  return m as unknown as Manifest<S>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
