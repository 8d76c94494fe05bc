import { join } from 'node:path';
import { pino, type Logger } from 'pino';

/**
 * The application logger: JSON lines, by default to stderr so stdout stays free for command output; or appended to
 * a file. Library-level modules take a logger as an option instead of importing this one.
 */
export function createLogger(level: string = 'info', destination: number | string = 2): Logger {
  const dest = typeof destination === 'string' ? pino.destination({ dest: destination, mkdir: true, append: true }) : pino.destination(destination);
  return pino({ level, base: { app: 'donga-ingest' } }, dest);
}

/**
 * Where a command's log lines go: LOG_FILE when set; when a progress bar holds the terminal, a file beside the data
 * (`DATA_DIR/donga-ingest.log`), so JSON lines never tear through the bar; otherwise stderr.
 */
export function logDestination(config: { logFile?: string | undefined; dataDir: string }, progressBarShown: boolean): number | string {
  if (config.logFile) return config.logFile;
  return progressBarShown ? join(config.dataDir, 'donga-ingest.log') : 2;
}

/** Whether a progress bar may be drawn: only on a terminal (never as periodic lines in CI or a log file). */
export function progressBarAllowed(stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.isTTY === true;
}

export type { Logger };
