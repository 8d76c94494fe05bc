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
