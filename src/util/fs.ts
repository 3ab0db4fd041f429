/**
 * File access with the project's guarantees. Atomic output: data is written to a temporary file beside
 * the target and renamed over it, so a crash or a full disk never leaves a half-written checkpoint, image
 * or report behind. Input: an unreadable file is an error that names it, not a stack trace.
 */
import {
  type Dirent,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';

/** Writes `data` to `file` atomically (temp file + rename in the same folder). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The bytes of a user-named input file; a missing or unreadable one is an {@link InputError} naming it. */
export function readInputFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new InputError(
      file,
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/**
 * The folders under `root` (at most `depth` levels down) for which `match` holds, not looking inside a
 * match; hidden folders and symbolic links are skipped, and a folder removed while listing is no error.
 */
export function findFolders(root: string, match: (dir: string) => boolean, depth: number): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (match(full)) found.push(full);
      else if (level < depth) walk(full, level + 1);
    }
  };
  walk(root, 1);
  return found;
}
