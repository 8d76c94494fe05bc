import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Everything the chaos suite starts is registered here, so it is stopped and removed even when a part throws,
 * times out or the suite gets SIGINT/SIGTERM: child processes run in their own process group (killed as a group),
 * temp dirs are removed, servers are closed.
 */
type Cleanup = () => Promise<void> | void;

const cleanups = new Map<number, Cleanup>();
let nextId = 1;

/** Registers `fn`; returns a function that runs it once and unregisters it. */
export function onCleanup(fn: Cleanup): () => Promise<void> {
  const id = nextId++;
  cleanups.set(id, fn);
  return async () => {
    if (!cleanups.delete(id)) return;
    await fn();
  };
}

/** Runs every registered cleanup, newest first, each bounded so a stuck one cannot hang the exit. */
export async function cleanupAll(): Promise<void> {
  const fns = [...cleanups.entries()].reverse();
  cleanups.clear();
  for (const [, fn] of fns) {
    await Promise.race([
      Promise.resolve()
        .then(fn)
        .catch(() => undefined),
      new Promise((r) => setTimeout(r, 10_000)),
    ]);
  }
}

/** Registers a temp dir for removal. */
export function tempDirCleanup(dir: string): () => Promise<void> {
  reapLater(`dir ${dir}`);
  return onCleanup(() => rmSync(dir, { recursive: true, force: true }));
}

let reapFile: string | undefined;

/** Tells the reaper (if any) about something to remove should this process die without cleaning up. */
export function reapLater(line: string): void {
  if (reapFile) appendFileSync(reapFile, `${line}\n`);
}

/**
 * Even a `kill -9` of the suite must not leave workers, Redis or PostgreSQL running: a detached shell watches this
 * process and, once it is gone without having cleaned up, kills every process group and removes every temp dir
 * listed in its file (and stops the PostgreSQL cluster). A normal exit removes the file and the watcher.
 */
export function startReaper(): void {
  if (reapFile) return;
  reapFile = join(tmpdir(), `donga-chaos-reap-${process.pid}`);
  writeFileSync(reapFile, '');
  const pgScript = resolve(import.meta.dirname, '../../scripts/pg-test.sh');
  const script =
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; [ -f "$0" ] || exit 0; ` +
    `while read kind arg; do case "$kind" in ` +
    `group) kill -9 "-$arg" 2>/dev/null;; pg) bash "$1" stop "$arg" >/dev/null 2>&1;; dir) rm -rf -- "$arg";; esac; done < "$0"; rm -f "$0"`;
  const reaper = spawn('sh', ['-c', script, reapFile, pgScript], { detached: true, stdio: 'ignore' });
  reaper.unref();
  const file = reapFile;
  // Registered first, so it runs last: everything else is gone by then.
  onCleanup(() => {
    rmSync(file, { force: true });
    reapFile = undefined;
    try {
      process.kill(-reaper.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  });
}

let installed = false;
/** On SIGINT/SIGTERM: clean up and exit 130/143. */
export function installSignalCleanup(): void {
  if (installed) return;
  installed = true;
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(sig, () => {
      process.stderr.write(`chaos: ${sig}, cleaning up\n`);
      void cleanupAll().finally(() => process.exit(code));
    });
  }
}

/** Sends `signal` to the whole process group of `child` (started by {@link spawnGroup}). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((res) => child.once('exit', () => res()));
}

/** Stops a group: `signal` first, SIGKILL after `graceMs`. */
export async function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  if (hasExited(child)) return;
  killGroup(child, signal);
  const t = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(t);
  // Anything the leader left behind in its group.
  killGroup(child, 'SIGKILL');
}

/** Spawns `cmd` as the leader of a new process group, registered for cleanup (SIGKILL of the group). */
export function spawnGroup(cmd: string, args: string[], opts: SpawnOptions): ChildProcess {
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (child.pid !== undefined) reapLater(`group ${child.pid}`);
  const done = onCleanup(() => killGroup(child, 'SIGKILL'));
  child.once('exit', () => {
    // The leader is gone; kill stragglers in the group, then forget it.
    killGroup(child, 'SIGKILL');
    void done();
  });
  return child;
}
