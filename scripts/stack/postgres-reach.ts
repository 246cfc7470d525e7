import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ServerUser {
  uid?: number;
  gid?: number;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which cannot enter a checkout under a mode-700
 * folder (root's home, `mktemp -d`). There its binaries are copied once per version into a root-owned
 * shared folder, and its data lives in a folder of its own that `.data/postgres` links to.
 */
const SHARED_BINARIES = '/var/cache/order-saga';
const SHARED_DATA = '/var/lib/order-saga';

/** True when `user` can traverse every folder above `target`. */
export function reachableBy(target: string, user: ServerUser): boolean {
  if (user.uid === undefined) return true;
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const { mode, uid, gid } = fs.statSync(dir);
    const canEnter =
      (mode & 0o001) !== 0 ||
      (uid === user.uid && (mode & 0o100) !== 0) ||
      (gid === user.gid && (mode & 0o010) !== 0);
    if (!canEnter) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

/** The folder of PostgreSQL's native build that `user` can run from. */
export function binariesFor(nativeDir: string, version: string, user: ServerUser): string {
  if (reachableBy(path.join(nativeDir, 'bin'), user)) return nativeDir;
  const shared = path.join(SHARED_BINARIES, `postgres-${version}`);
  if (fs.existsSync(path.join(shared, 'bin', 'postgres'))) return shared;
  fs.mkdirSync(SHARED_BINARIES, { recursive: true, mode: 0o755 });
  const partial = `${shared}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  // cp -a keeps the library symlinks and modes; the rename makes the copy appear whole or not at all.
  execFileSync('cp', ['-a', nativeDir, partial]);
  fs.chmodSync(partial, 0o755);
  fs.renameSync(partial, shared);
  return shared;
}

/**
 * The data folder PostgreSQL uses for `databaseDir`: that folder itself when `user` can reach it,
 * otherwise a shared one that `databaseDir` becomes a link to. A link that is missing (first run, or
 * after `npm start -- --fresh`) means fresh data: whatever the shared folder held is dropped.
 */
export function dataFolderFor(databaseDir: string, user: ServerUser): string {
  if (reachableBy(databaseDir, user)) return databaseDir;
  const shared = path.join(
    SHARED_DATA,
    createHash('sha1').update(path.resolve(databaseDir)).digest('hex').slice(0, 16),
  );
  if (fs.existsSync(databaseDir) && fs.lstatSync(databaseDir).isSymbolicLink()) return shared;
  fs.rmSync(databaseDir, { recursive: true, force: true });
  fs.rmSync(shared, { recursive: true, force: true });
  fs.mkdirSync(SHARED_DATA, { recursive: true, mode: 0o755 });
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  fs.symlinkSync(shared, databaseDir);
  return shared;
}
