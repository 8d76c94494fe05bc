import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Whether `host` (an address to bind) is reachable only from this machine. */
export function isLoopbackBind(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/**
 * The bind problem, or null: bound anywhere but loopback, the dashboard and metrics (which show URLs, errors and
 * queue contents, and let the dashboard retry or delete jobs) need a token (SERVE_TOKEN).
 */
export function bindProblem(host: string, token: string | undefined): string | null {
  if (isLoopbackBind(host) || (token !== undefined && token.length > 0)) return null;
  return `refusing to listen on ${host} without a token: set SERVE_TOKEN (16+ characters), or bind 127.0.0.1`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Whether an `Authorization` header carries the token: `Bearer <token>` (scrapers, curl) or HTTP Basic with the
 * token as password and any user name (browsers, for the dashboard).
 */
export function authorized(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined || token === '') return true;
  if (!header) return false;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return sameSecret(value, token);
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 && sameSecret(decoded.slice(colon + 1), token);
  }
  return false;
}
