/**
 * Every server gankit starts (the dashboard, the playground) serves files under its own folder and
 * nothing else. A request path is refused when it names a parent (`..`, also percent-encoded), is
 * absolute, holds a NUL or backslash, is malformed percent-encoding, or resolves — through symbolic
 * links — to a file outside the folder.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** An error with the HTTP status to answer it with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The real path of `rel` (a still percent-encoded path from a URL) under `root`, which must exist as a
 * file (or, with `kind: 'dir'`, a folder; `'any'`: either); throws an {@link HttpError} (400, 403 or
 * 404) otherwise.
 */
export function resolveUnder(root: string, rel: string, kind: 'file' | 'dir' | 'any' = 'file'): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
  if (decoded.includes('\0') || decoded.includes('\\'))
    throw new HttpError(400, 'NUL or backslash in the path');
  if (decoded.startsWith('/') || path.isAbsolute(decoded))
    throw new HttpError(403, 'absolute paths are refused');
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.'))
    throw new HttpError(403, "'..' and '.' in paths are refused");
  const realRoot = realpathSync(root);
  let real: string;
  try {
    real = realpathSync(path.join(realRoot, ...parts));
  } catch {
    throw new HttpError(404, 'not found');
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep))
    throw new HttpError(403, 'the path leads outside the served folder');
  const isDir = statSync(real).isDirectory();
  if (kind !== 'any' && isDir !== (kind === 'dir'))
    throw new HttpError(404, kind === 'dir' ? 'not a folder' : 'not a file');
  return real;
}
