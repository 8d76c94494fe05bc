import { accessSync, constants, mkdirSync, statfsSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/config.js';

/**
 * Checks that a folder a command will write into is usable, before anything is opened or created, so a
 * setting that points at the wrong place stops the command with one line naming it instead of a stack
 * trace (a file where a folder should be), a misleading message, or a hang (Node's recursive mkdir spins
 * forever under /proc).
 */

/** Kernel file systems that are no place for files (statfs magic numbers, linux/magic.h). */
const SPECIAL_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0x42494e4d, 'binfmt_misc'],
  [0x6e736673, 'nsfs'],
  [0x50495045, 'pipefs'],
]);

function statOrNull(path: string): Stats | null | 'notdir' {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return 'notdir';
    throw err;
  }
}

function fsTypeName(path: string): string | null {
  try {
    return SPECIAL_FILESYSTEMS.get(Number(statfsSync(path).type)) ?? null;
  } catch {
    return null; // statfs unsupported here: the write checks below still apply
  }
}

function writeProblem(dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EROFS') return `${dir} is on a read-only file system`;
    return `no permission to write in ${dir}`;
  }
}

/**
 * Why `path` cannot be a folder this process writes into (it, or its nearest existing parent, is a file,
 * on a special file system, read-only or not writable), or null when it can. Creates nothing.
 */
export function dirProblem(path: string): string | null {
  const abs = resolve(path);
  let existing = abs;
  for (;;) {
    const st = statOrNull(existing);
    if (st === 'notdir') {
      existing = dirname(existing);
      continue;
    }
    if (st) {
      if (!st.isDirectory()) return existing === abs ? `${abs} is a file, not a folder` : `${existing} is a file, not a folder (in ${abs})`;
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) return `${abs}: no existing parent folder`;
    existing = parent;
  }
  const special = fsTypeName(existing);
  if (special) return `${existing} is on the ${special} kernel file system, not a place for files`;
  return writeProblem(existing);
}

/**
 * The problem with `DATA_DIR` for a command that keeps its SQLite database and raw archive there (none when
 * `DATABASE_URL` is set: both then live in PostgreSQL), as one line naming the setting, or null.
 */
export function dataDirProblem(config: Pick<Config, 'dataDir' | 'databaseUrl'>): string | null {
  if (config.databaseUrl) return null;
  const problem = dirProblem(config.dataDir);
  if (problem) return `DATA_DIR=${config.dataDir}: ${problem}`;
  for (const [name, want] of [
    ['donga.sqlite', 'file'],
    ['raw', 'folder'],
  ] as const) {
    const st = statOrNull(join(config.dataDir, name));
    if (st === null || st === 'notdir') continue;
    if (want === 'file' ? !st.isFile() : !st.isDirectory()) return `DATA_DIR=${config.dataDir}: ${join(resolve(config.dataDir), name)} is not a ${want}`;
  }
  return null;
}

/**
 * Creates `path` and its missing parents one at a time (bounded by the path's depth, where Node's recursive
 * mkdir can loop forever on kernel file systems). Call {@link dirProblem} first for a clear message.
 */
export function makeDir(path: string): void {
  const abs = resolve(path);
  const missing: string[] = [];
  for (let p = abs; statOrNull(p) === null; p = dirname(p)) {
    if (dirname(p) === p) break;
    missing.unshift(p);
  }
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
