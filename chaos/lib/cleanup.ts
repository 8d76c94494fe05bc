import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { rmSync } from 'node:fs';

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
    await Promise.race([Promise.resolve().then(fn).catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
  }
}

/** Registers a temp dir for removal. */
export function tempDirCleanup(dir: string): () => Promise<void> {
  return onCleanup(() => rmSync(dir, { recursive: true, force: true }));
}

let installed = false;
/** On SIGINT/SIGTERM: clean up and exit 130/143. */
export function installSignalCleanup(): void {
  if (installed) return;
  installed = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
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
  const done = onCleanup(() => killGroup(child, 'SIGKILL'));
  child.once('exit', () => {
    // The leader is gone; kill stragglers in the group, then forget it.
    killGroup(child, 'SIGKILL');
    void done();
  });
  return child;
}
