import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Bytes buffered before a write to disk; keeps memory flat however large the export grows. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Node names the file in open/rename errors but not in write/fsync/close errors on a handle ("ENOSPC: no space left on
 * device, write"): add the final path, in Node's own style, so the user learns which file could not be written.
 */
function namingPath(err: unknown, path: string): unknown {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof Error && typeof e.syscall === 'string' && e.path === undefined) {
    e.path = path;
    err.message = `${err.message} '${path}'`;
  }
  return err;
}

/**
 * A file that appears under its final name only when complete: writes go to a hidden temp file in
 * the same directory (so `rename` is atomic on POSIX), `commit()` syncs and renames, `abort()` deletes.
 * A consumer therefore sees the previous version or the new one, never a half-written file.
 */
export class AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  private fh: FileHandle | null = null;
  private chunks: string[] = [];
  private pending = 0;
  /** Flushed, synced and closed; only the rename is left. */
  private sealed = false;
  private done = false;

  private constructor(path: string) {
    this.path = path;
    // Unique per process and call, so two concurrent exports into one directory cannot clobber temp files.
    this.tempPath = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  }

  /** Creates the temp file (the directory must exist). */
  static async create(path: string): Promise<AtomicFile> {
    const f = new AtomicFile(path);
    f.fh = await open(f.tempPath, 'wx');
    return f;
  }

  /** {@link create}, then writes `head` (e.g. a TMX header); the temp file is removed if that write fails. */
  static async createWithHead(path: string, head: string): Promise<AtomicFile> {
    const f = await AtomicFile.create(path);
    try {
      await f.write(head);
    } catch (err) {
      await f.abort();
      throw err;
    }
    return f;
  }

  /** Appends UTF-8 text; resolves once buffered (or flushed, when the buffer is full). */
  async write(text: string): Promise<void> {
    if (this.done || this.sealed || !this.fh) throw new Error(`write after commit/abort: ${this.path}`);
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_BYTES) await this.flush();
  }

  /**
   * Appends raw bytes (e.g. a Parquet row group) after any buffered text, written before this resolves, so the
   * caller may reuse `data` afterwards.
   */
  async writeBytes(data: Uint8Array): Promise<void> {
    if (this.done || this.sealed || !this.fh) throw new Error(`write after commit/abort: ${this.path}`);
    await this.flush();
    try {
      await this.fh.write(data);
    } catch (err) {
      throw namingPath(err, this.path);
    }
  }

  private async flush(): Promise<void> {
    if (!this.fh || this.chunks.length === 0) return;
    const data = this.chunks.join('');
    this.chunks = [];
    this.pending = 0;
    try {
      await this.fh.write(data, null, 'utf8');
    } catch (err) {
      throw namingPath(err, this.path);
    }
  }

  /** Flushes, fsyncs and renames the temp file over the final path. */
  async commit(): Promise<void> {
    await this.seal();
    await this.publish();
  }

  /**
   * Commits several files together: all are flushed and fsynced first, then renamed one right after another, so
   * line-parallel files (Moses `.ko`/`.en`/`.ids`) are only out of step for the moment between two renames. If
   * any fails before the renames, none is renamed and every temp file is removed.
   */
  static async commitAll(files: readonly AtomicFile[]): Promise<void> {
    try {
      for (const f of files) await f.seal();
    } catch (err) {
      for (const f of files) await f.abort().catch(() => {});
      throw err;
    }
    for (const f of files) await f.publish();
  }

  /** Flushes, fsyncs and closes the temp file (on failure it is removed). */
  private async seal(): Promise<void> {
    if (this.done || this.sealed || !this.fh) throw new Error(`already finished: ${this.path}`);
    const fh = this.fh;
    try {
      await this.flush();
      this.sealed = true;
      this.fh = null;
      await fh.sync();
      await fh.close();
    } catch (err) {
      this.done = true;
      this.fh = null;
      await fh.close().catch(() => {});
      await rm(this.tempPath, { force: true }).catch(() => {});
      throw namingPath(err, this.path);
    }
  }

  /** Renames the sealed temp file over the final path (on failure it is removed). */
  private async publish(): Promise<void> {
    this.done = true;
    try {
      await rename(this.tempPath, this.path);
    } catch (err) {
      await rm(this.tempPath, { force: true }).catch(() => {});
      throw err;
    }
  }

  /** Discards the temp file; the final path is left as it was. Safe to call more than once. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    const fh = this.fh;
    this.fh = null;
    this.chunks = [];
    await fh?.close().catch(() => {});
    await rm(this.tempPath, { force: true });
  }
}
