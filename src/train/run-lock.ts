/**
 * The run-folder lock: one `gankit train` per run folder. The lock is a file `lock` in the run folder
 * naming its owner (process id, host name, start time). It is published complete and atomically — written
 * to a private file, then hard-linked to the name, which fails if the name exists — so a reader never
 * sees a half-written owner. A lock whose process is gone (same host, pid no longer alive: a run killed
 * with SIGKILL, a crashed machine's leftover after reboot) is stale and taken over, which is how a new
 * process legitimately resumes a run that died (`--resume` after a kill, sweep workers). A lock held by
 * another host cannot be checked and is never taken over.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { GankitError } from '../util/errors.js';

/** File name of the lock inside a run folder. */
export const LOCK_FILE = 'lock';

/** Who holds a run folder. */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** A held run-folder lock; {@link release} it when the run ends. */
export class RunLock {
  private constructor(
    readonly file: string,
    readonly owner: LockOwner,
    /** The stale owner this lock replaced, when it was taken over. */
    readonly tookOver?: LockOwner,
  ) {}

  /**
   * Locks `root` (created if missing) for this process, taking over a stale lock; a live owner is a
   * {@link GankitError} naming it, unless `takeOver` says the caller's claim outranks it (a queue worker
   * that holds the run's job: the queue handed the run on because the owner stopped renewing its job,
   * e.g. a frozen process, which gives the run up when it wakes and leaves the new owner's lock alone).
   */
  static acquire(root: string, { takeOver = false }: { takeOver?: boolean } = {}): RunLock {
    mkdirSync(root, { recursive: true });
    const file = path.join(root, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    const mine = path.join(root, `.${LOCK_FILE}.${process.pid}`);
    writeFileSync(mine, `${JSON.stringify(owner)}\n`);
    let staleSeen: LockOwner | undefined;
    try {
      // Two attempts: the first may find a stale lock, which is moved away before the second.
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          linkSync(mine, file);
          return new RunLock(file, owner, attempt ? staleSeen : undefined);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        }
        const current = readOwner(file);
        if (current && !takeOver && !isStale(current)) throw heldBy(root, file, current);
        staleSeen = current;
        retireStale(file, current);
      }
      throw heldBy(root, file, readOwner(file));
    } finally {
      rmSync(mine, { force: true });
    }
  }

  /** Removes the lock if this process still holds it. */
  release(): void {
    const current = readOwner(this.file);
    if (current && current.pid === this.owner.pid && current.host === this.owner.host)
      rmSync(this.file, { force: true });
  }
}

/** The owner recorded in a lock file, or `undefined` when it vanished or cannot be read. */
export function readOwner(file: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

/** True when the owner's process is known to be gone: same host and no process with its pid. */
export function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves a stale (or unreadable) lock aside. The rename is atomic, so of two processes taking over at
 * once only one moves the stale file; should the other move the winner's fresh lock instead, it puts
 * it back (link fails if a third took the name meanwhile: then that one holds it) and gives up.
 */
function retireStale(file: string, seen: LockOwner | undefined): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readOwner(aside);
  const same = moved?.pid === seen?.pid && moved?.host === seen?.host && moved?.since === seen?.since;
  if (!same && moved && !isStale(moved)) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone else holds the name now; the lock check that follows reports them.
    }
  }
  rmSync(aside, { force: true });
}

function heldBy(root: string, file: string, owner: LockOwner | undefined): GankitError {
  const who = owner ? `process ${owner.pid} on ${owner.host} (since ${owner.since})` : 'another process';
  return new GankitError(
    `${root} is being trained by ${who}; wait for it to finish, or train into another --out. If no gankit is running there any more, delete ${file}`,
  );
}
