import { channel, type Channel } from 'node:diagnostics_channel';

/**
 * What the pipeline reports about itself, as `node:diagnostics_channel` messages: the fetcher and the pipeline steps
 * publish (a no-op when nobody listens), and metrics and logs subscribe. The code that does the work never imports
 * prom-client or decides what is logged; an observer can be added without touching it (the undici way).
 */

/** One HTTP request answered or failed (each redirect hop is its own request). */
export interface FetchEvent {
  host: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** Failure code (`timeout`, `network`, `too_large` …) or null when a response was read in full. */
  code: string | null;
  /** Request start to the end of the body (or the failure). */
  durationMs: number;
  /** Bytes received on the wire (compressed). */
  bytes: number;
}

/** Time a request waited for its politeness slot (shared per-host schedule, Crawl-delay, Retry-After pauses). */
export interface PolitenessWaitEvent {
  host: string;
  waitedMs: number;
}

/** A page that was fetched but not turned into a record. */
export interface ParseFailureEvent {
  lang: 'en' | 'ko';
  code: string;
  url: string;
}

/** A pair written to the store. */
export interface PairWrittenEvent {
  pairId: string;
  status: string;
  verdict: string | null;
  /** Revision number after the write. */
  revision: number;
  /** `new` (first revision), `revised` (a new revision) or `unchanged` (same content, nothing written). */
  change: 'new' | 'revised' | 'unchanged';
  durationMs: number;
}

/** A list page, sitemap or feed read by discovery. */
export interface DiscoveryPageEvent {
  url: string;
  kind: string;
  links: number;
  enqueued: number;
}

export const events = {
  fetch: channel('donga-ingest:fetch') as TypedChannel<FetchEvent>,
  politenessWait: channel('donga-ingest:politeness-wait') as TypedChannel<PolitenessWaitEvent>,
  parseFailure: channel('donga-ingest:parse-failure') as TypedChannel<ParseFailureEvent>,
  pairWritten: channel('donga-ingest:pair-written') as TypedChannel<PairWrittenEvent>,
  discoveryPage: channel('donga-ingest:discovery-page') as TypedChannel<DiscoveryPageEvent>,
} as const;

/** A diagnostics channel whose messages have one shape. */
export interface TypedChannel<T> extends Omit<Channel, 'publish' | 'subscribe' | 'unsubscribe'> {
  publish(message: T): void;
  subscribe(listener: (message: T, name: string | symbol) => void): void;
  unsubscribe(listener: (message: T, name: string | symbol) => void): boolean;
}

/** Subscribes `listener` to `ch` and returns the function that unsubscribes it. */
export function observe<T>(ch: TypedChannel<T>, listener: (message: T) => void): () => void {
  const wrapped = (message: T) => listener(message);
  ch.subscribe(wrapped);
  return () => void ch.unsubscribe(wrapped);
}
