import { describe, expect, it } from 'vitest';
import { errors as undiciErrors } from 'undici';
import { FetchError } from '../../src/errors.js';
import { errorForNetwork, errorForStatus, parseRetryAfter } from '../../src/fetch/http-policy.js';

const URL_ = 'https://www.donga.com/en/article/all/20250101/1/1';
const NOW = Date.parse('2025-07-01T00:00:00Z');
const HOUR = 3_600_000;
const POLICY = { maxRetryAfterMs: HOUR, defaultPauseMs: 10_000, nowMs: NOW };

describe('errorForStatus', () => {
  it.each([200, 204, 304])('%i is not an error', (s) => {
    expect(errorForStatus(s, URL_, {}, POLICY)).toBeNull();
  });

  it.each([
    [404, 'http_status', false],
    [410, 'http_status', false],
    [451, 'http_status', false],
    [400, 'http_status', false],
    [403, 'http_status', false],
    [301, 'http_status', false],
    [408, 'http_status', true],
    [425, 'http_status', true],
    [429, 'rate_limited', true],
    [500, 'http_status', true],
    [502, 'http_status', true],
    [503, 'http_status', true],
    [504, 'http_status', true],
    [599, 'http_status', true],
  ] as const)('%i → %s, retryable %s', (status, code, retryable) => {
    const err = errorForStatus(status, URL_, {}, POLICY);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ code, retryable, status, url: URL_ });
  });

  it('reads Retry-After on 429 and 503 (seconds and HTTP-date)', () => {
    expect(errorForStatus(429, URL_, { 'retry-after': '5' }, POLICY)?.retryAfterMs).toBe(5000);
    expect(errorForStatus(503, URL_, { 'retry-after': 'Tue, 01 Jul 2025 00:02:00 GMT' }, POLICY)?.retryAfterMs).toBe(120_000);
    expect(errorForStatus(404, URL_, { 'retry-after': '5' }, POLICY)?.retryAfterMs).toBeUndefined();
  });

  it('clamps Retry-After at MAX_RETRY_AFTER_MS (a year becomes the setting)', () => {
    const year = String(365 * 24 * 3600);
    expect(errorForStatus(429, URL_, { 'retry-after': year }, POLICY)?.retryAfterMs).toBe(HOUR);
    expect(errorForStatus(429, URL_, { 'retry-after': year }, { ...POLICY, maxRetryAfterMs: 5_000 })?.retryAfterMs).toBe(5_000);
    expect(errorForStatus(503, URL_, { 'retry-after': 'Wed, 01 Jul 2026 00:00:00 GMT' }, POLICY)?.retryAfterMs).toBe(HOUR);
  });

  it('429 and 503 without a readable Retry-After carry the default pause; other statuses none', () => {
    expect(errorForStatus(429, URL_, {}, POLICY)?.retryAfterMs).toBe(10_000);
    expect(errorForStatus(503, URL_, { 'retry-after': 'soon' }, POLICY)?.retryAfterMs).toBe(10_000);
    expect(errorForStatus(500, URL_, {}, POLICY)?.retryAfterMs).toBeUndefined();
    expect(errorForStatus(502, URL_, {}, POLICY)?.retryAfterMs).toBeUndefined();
    expect(errorForStatus(429, URL_, {}, { ...POLICY, defaultPauseMs: 0 })?.retryAfterMs).toBeUndefined();
    // Retry-After: 0 is the server saying "now": no pause.
    expect(errorForStatus(429, URL_, { 'retry-after': '0' }, POLICY)?.retryAfterMs).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('handles seconds, dates, past dates, garbage and huge values', () => {
    expect(parseRetryAfter('0', NOW, HOUR)).toBe(0);
    expect(parseRetryAfter(' 12 ', NOW, HOUR)).toBe(12_000);
    expect(parseRetryAfter('Mon, 30 Jun 2025 23:00:00 GMT', NOW, HOUR)).toBe(0);
    expect(parseRetryAfter('soon', NOW, HOUR)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW, HOUR)).toBeUndefined();
    expect(parseRetryAfter('999999999', NOW, HOUR)).toBe(HOUR);
    expect(parseRetryAfter('999999999', NOW, 7 * 24 * HOUR)).toBe(7 * 24 * HOUR);
  });
});

describe('errorForNetwork', () => {
  const withCode = (code: string): Error => Object.assign(new Error(code), { code });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET'])('%s → network, retryable', (code) => {
    expect(errorForNetwork(withCode(code), URL_)).toMatchObject({ code: 'network', retryable: true, url: URL_ });
  });

  it('maps undici timeouts and ETIMEDOUT to timeout', () => {
    expect(errorForNetwork(new undiciErrors.ConnectTimeoutError(), URL_)).toMatchObject({ code: 'timeout', retryable: true });
    expect(errorForNetwork(new undiciErrors.HeadersTimeoutError(), URL_)).toMatchObject({ code: 'timeout', retryable: true });
    expect(errorForNetwork(new undiciErrors.BodyTimeoutError(), URL_)).toMatchObject({ code: 'timeout', retryable: true });
    expect(errorForNetwork(withCode('ETIMEDOUT'), URL_)).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('a dropped connection during the body is a truncation', () => {
    expect(errorForNetwork(new undiciErrors.SocketError('other side closed'), URL_, { duringBody: true })).toMatchObject({
      code: 'truncated',
      retryable: true,
    });
    expect(errorForNetwork(new undiciErrors.ResponseContentLengthMismatchError(), URL_)).toMatchObject({ code: 'truncated' });
  });

  it('finds codes in the cause chain; unknown errors are permanent; FetchErrors pass through', () => {
    const wrapped = new TypeError('fetch failed', { cause: withCode('ECONNRESET') });
    expect(errorForNetwork(wrapped, URL_)).toMatchObject({ code: 'network', retryable: true });
    expect(errorForNetwork(new undiciErrors.InvalidArgumentError('bad'), URL_)).toMatchObject({ code: 'network', retryable: false });
    const original = new FetchError('off_site', 'x', { url: URL_ });
    expect(errorForNetwork(original, URL_)).toBe(original);
  });
});

describe('http-policy edges', () => {
  const EDGE_POLICY = { maxRetryAfterMs: 3_600_000, defaultPauseMs: 0, nowMs: NOW };
  it('parseRetryAfter: null, blank, partial numbers and decimals', () => {
    expect(parseRetryAfter(null, NOW, 3_600_000)).toBeUndefined();
    expect(parseRetryAfter('   ', NOW, 3_600_000)).toBeUndefined();
    expect(parseRetryAfter('x5', NOW, 3_600_000)).toBeUndefined();
    expect(parseRetryAfter('5x', NOW, 3_600_000)).toBeUndefined();
    expect(parseRetryAfter('1.25', NOW, 3_600_000)).toBe(1250);
  });

  it.each([100, 199, 300, 600])('status %i is a permanent error (not 2xx, not 304, not 5xx)', (status) => {
    expect(errorForStatus(status, URL_, {}, EDGE_POLICY)).toMatchObject({ code: 'http_status', retryable: false, status });
  });

  it('status errors name the status and the URL', () => {
    expect(errorForStatus(429, URL_, {}, EDGE_POLICY)?.message).toBe(`HTTP 429 from ${URL_}`);
    expect(errorForStatus(404, URL_, {}, EDGE_POLICY)?.message).toBe(`HTTP 404 from ${URL_}`);
  });

  it('network errors name the code, the URL and the cause, and keep the cause', () => {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = errorForNetwork(cause, URL_);
    expect(err.message).toBe(`network error (ECONNRESET) fetching ${URL_}: socket hang up`);
    expect(err.cause).toBe(cause);
    expect(errorForNetwork(Object.assign(new Error('slow'), { code: 'ETIMEDOUT' }), URL_).message).toBe(`timeout (ETIMEDOUT) fetching ${URL_}: slow`);
    expect(errorForNetwork(Object.assign(new Error('cut'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }), URL_).message).toBe(
      `truncated body (ERR_STREAM_PREMATURE_CLOSE) from ${URL_}: cut`,
    );
    const bug = new Error('boom');
    const permanent = errorForNetwork(bug, URL_);
    expect(permanent).toMatchObject({ code: 'network', retryable: false, url: URL_, message: `error fetching ${URL_}: boom` });
    expect(permanent.cause).toBe(bug);
    expect(errorForNetwork(Object.assign(new Error('bad'), { code: 'ERR_X' }), URL_).message).toBe(`error fetching ${URL_}: ERR_X: bad`);
  });

  it('oversized response headers are a permanent too_large', () => {
    expect(errorForNetwork(new undiciErrors.HeadersOverflowError(), URL_)).toMatchObject({
      code: 'too_large',
      retryable: false,
      url: URL_,
      message: `response headers too large from ${URL_}`,
    });
  });

  it('AbortError is a retryable network error; a TimeoutError (AbortSignal.timeout) is a timeout', () => {
    expect(errorForNetwork(new DOMException('aborted', 'AbortError'), URL_)).toMatchObject({ code: 'network', retryable: true });
    expect(errorForNetwork(new DOMException('timed out', 'TimeoutError'), URL_)).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('only undici timeout codes count as timeouts', () => {
    for (const code of ['MY_UND_ERR_X_TIMEOUT', 'UND_ERR_X_TIMEOUT_LATER']) {
      expect(errorForNetwork(Object.assign(new Error('x'), { code }), URL_)).toMatchObject({ code: 'network', retryable: false });
    }
  });

  it('the cause chain: at most 5 deep, ends at null, non-objects and cycles', () => {
    let deep: Error = Object.assign(new Error('root'), { code: 'ECONNRESET' });
    for (let i = 0; i < 5; i++) deep = new Error(`wrap ${i}`, { cause: deep });
    expect(errorForNetwork(deep, URL_)).toMatchObject({ code: 'network', retryable: false });
    let four: Error = Object.assign(new Error('root'), { code: 'ECONNRESET' });
    for (let i = 0; i < 4; i++) four = new Error(`wrap ${i}`, { cause: four });
    expect(errorForNetwork(four, URL_)).toMatchObject({ code: 'network', retryable: true });
    expect(errorForNetwork(new Error('x', { cause: null }), URL_)).toMatchObject({ retryable: false });
    expect(errorForNetwork(new Error('x', { cause: 'text' }), URL_)).toMatchObject({ retryable: false });
    const cyclic = new Error('loop') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(errorForNetwork(cyclic, URL_)).toMatchObject({ retryable: false });
  });
});
