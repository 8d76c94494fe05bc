import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { hasExited, killGroup, spawnGroup, stopGroup } from './cleanup.js';
import { isAlive, procStatusKb } from './proc.js';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface WorkerProc {
  slot: number;
  child: ChildProcess;
  pid: number;
  ready: Promise<boolean>;
  /** Last output, for diagnostics. */
  tail(): string;
}

/**
 * Real `donga-ingest worker` processes (each the leader of its own process group), with kill -9 and restart
 * by slot, and RSS sampling from /proc.
 */
export class WorkerPool {
  readonly procs: WorkerProc[] = [];
  private peakRssKb = 0;
  private sampler: NodeJS.Timeout | undefined;
  /** Deaths not caused by the suite (crash, OOM, abort): slot, exit code/signal, output tail. */
  readonly unexpectedExits: string[] = [];
  private readonly killing = new Set<number>();
  private stopping = false;
  /** Starts refused because Redis was down (restarted after 500 ms, as a supervisor would). */
  refusedStarts = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly args: string[] = [],
  ) {}

  async start(n: number): Promise<void> {
    for (let i = 0; i < n; i++) this.procs.push(this.spawn(i));
    const ok = await Promise.all(this.procs.map((p) => p.ready));
    if (!ok.every(Boolean)) throw new Error(`worker did not start: ${this.procs.map((p) => p.tail()).join('\n')}`);
  }

  private spawn(slot: number): WorkerProc {
    const child = spawnGroup(process.execPath, [join(ROOT, 'bin/donga-ingest.js'), 'worker', ...this.args], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString()).slice(-4000);
    };
    child.stderr?.on('data', keep);
    const ready = new Promise<boolean>((res) => {
      const onData = (b: Buffer) => {
        keep(b);
        if (/worker ready/.test(out)) res(true);
      };
      child.stdout?.on('data', onData);
      child.once('exit', () => res(false));
      setTimeout(() => res(false), 60_000).unref();
    });
    let readyNow = false;
    void ready.then((r) => (readyNow = r));
    child.once('exit', (code, signal) => {
      if (this.killing.has(child.pid!) || this.stopping) return;
      // A worker refuses to start while Redis is down (one line, exit 1: by design). A supervisor (compose's
      // restart policy, systemd) starts it again; so does this pool, when a restart happened to fall into the
      // Redis crash. Any other exit is a real death.
      if (!readyNow && code === 1 && /cannot reach Redis/.test(out) && this.procs[slot]?.child === child) {
        this.refusedStarts++;
        setTimeout(() => {
          if (this.stopping || this.procs[slot]?.child !== child) return;
          this.procs[slot] = this.spawn(slot);
        }, 500).unref();
        return;
      }
      this.unexpectedExits.push(`worker ${slot} (pid ${child.pid}) exited ${code ?? signal}: ${out.slice(-600)}`);
    });
    return { slot, child, pid: child.pid!, ready, tail: () => out };
  }

  /** kill -9 of the worker in `slot` (its whole group), then a fresh one in its place. */
  async killAndRestart(slot: number): Promise<WorkerProc> {
    const old = this.procs[slot]!;
    this.killing.add(old.pid);
    killGroup(old.child, 'SIGKILL');
    await new Promise<void>((r) => (hasExited(old.child) ? r() : old.child.once('exit', () => r())));
    const fresh = this.spawn(slot);
    this.procs[slot] = fresh;
    return fresh;
  }

  /** Restarts every worker that is not alive (e.g. crashed on a hostile page). */
  async reviveDead(): Promise<number> {
    let n = 0;
    for (const p of this.procs) {
      if (!hasExited(p.child) && isAlive(p.pid)) continue;
      this.procs[p.slot] = this.spawn(p.slot);
      await this.procs[p.slot]!.ready;
      n++;
    }
    return n;
  }

  allAlive(): boolean {
    return this.procs.every((p) => !hasExited(p.child) && isAlive(p.pid));
  }

  /** Samples RSS every `ms`; {@link takePeakRssKb} reads and resets the peak. */
  sampleRss(ms = 50): void {
    this.sampler ??= setInterval(() => {
      for (const p of this.procs) this.peakRssKb = Math.max(this.peakRssKb, procStatusKb(p.pid, 'VmRSS'));
    }, ms);
  }

  takePeakRssKb(): number {
    for (const p of this.procs) this.peakRssKb = Math.max(this.peakRssKb, procStatusKb(p.pid, 'VmRSS'));
    const v = this.peakRssKb;
    this.peakRssKb = 0;
    return v;
  }

  /** SIGTERM (graceful: in-flight jobs finish or are handed back), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = undefined;
    for (const p of this.procs) this.killing.add(p.pid);
    await Promise.all(this.procs.map((p) => stopGroup(p.child, 'SIGTERM', graceMs)));
  }

  /** A fresh process in every slot (after {@link killAll}). */
  async restartAll(): Promise<void> {
    for (const p of this.procs) this.procs[p.slot] = this.spawn(p.slot);
    await Promise.all(this.procs.map((p) => p.ready));
  }

  /** SIGKILL every worker at once (a case that hangs them). */
  async killAll(): Promise<void> {
    for (const p of this.procs) this.killing.add(p.pid);
    await Promise.all(this.procs.map((p) => stopGroup(p.child, 'SIGKILL', 1_000)));
  }
}
