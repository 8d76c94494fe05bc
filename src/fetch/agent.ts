import { Agent } from 'undici';
import type { Config } from '../../config/config.js';

/**
 * The shared undici dispatcher: a keep-alive pool per origin with the configured
 * connect, header and body timeouts. One per process; close it on shutdown.
 */
export function createAgent(config: Config): Agent {
  return new Agent({
    connectTimeout: config.connectTimeoutMs,
    headersTimeout: config.headersTimeoutMs,
    bodyTimeout: config.bodyTimeoutMs,
    // Keep idle sockets long enough to span the per-host politeness interval (1 s by default).
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    // Per-origin socket cap: politeness keeps real sites far below it; the replay site benefits.
    connections: 32,
    pipelining: 1,
  });
}
