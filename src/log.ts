import { pino, type Logger } from 'pino';

/**
 * The application logger (JSON to stderr, so stdout stays free for command output).
 * Library-level modules take a logger as an option instead of importing this one.
 */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: { app: 'donga-ingest' } }, pino.destination(2));
}

export type { Logger };
