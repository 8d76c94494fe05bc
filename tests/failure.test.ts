import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FetchError, IngestError, ParseError } from '../src/errors.js';
import { decodeFailure, describeFailure, encodeFailure, FAILURE_ADVICE, failureOf, failureSchema, type Failure } from '../src/failure.js';

const ctx = { url: 'https://www.donga.com/en/article/all/20240809/5104150/1', attempts: 2, lang: 'en' as const };

describe('failureOf', () => {
  it('keeps a typed error’s code, retryability and status', () => {
    const f = failureOf(new FetchError('http_status', 'HTTP 404 for x', { retryable: false, status: 404, url: 'https://other/' }), ctx);
    expect(f).toEqual({ code: 'http_status', retryable: false, status: 404, message: 'HTTP 404 for x', url: ctx.url, attempts: 2, lang: 'en' });
    expect(failureOf(new ParseError('missing_title', 'no h1'), ctx)).toMatchObject({ code: 'missing_title', retryable: false });
    expect(failureOf(new FetchError('timeout', 'slow', { retryable: true }), ctx)).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('makes a schema violation a permanent invalid_payload and anything else a retryable internal failure', () => {
    const zerr = z.strictObject({ url: z.string() }).safeParse({}).error;
    expect(failureOf(zerr, ctx)).toMatchObject({ code: 'invalid_payload', retryable: false, message: expect.stringContaining('url') });
    expect(failureOf(new TypeError('x is undefined'), ctx)).toMatchObject({ code: 'internal', retryable: true, message: 'TypeError: x is undefined' });
    expect(failureOf('thrown string', ctx)).toMatchObject({ code: 'internal', message: 'thrown string' });
  });

  it('drops a status that is no HTTP status', () => {
    expect(failureOf(new IngestError('storage', 'disk full', { status: 0 }), ctx)).not.toHaveProperty('status');
  });
});

describe('encodeFailure / decodeFailure', () => {
  const f: Failure = { code: 'http_status', retryable: true, status: 503, message: 'HTTP 503 [x] "quoted"\nline', url: ctx.url, attempts: 5, lang: 'ko' };

  it('round-trip every field, whatever the message holds', () => {
    expect(decodeFailure(encodeFailure(f))).toEqual(f);
    const minimal: Failure = { code: 'stalled', retryable: false, message: '', url: 'job:pair/pair-en-1', attempts: 1 };
    expect(decodeFailure(encodeFailure(minimal))).toEqual(minimal);
  });

  it('return null for a reason that is not an encoded failure (BullMQ’s own, an old worker’s, garbage)', () => {
    for (const text of ['job stalled more than allowable limit', '[http_status] HTTP 404', '{"code":"nope"}', '{not json', '', null, undefined]) {
      expect(decodeFailure(text)).toBeNull();
    }
    expect(decodeFailure(JSON.stringify({ ...f, extra: 1 }))).toBeNull();
  });

  it('refuse to encode a value that is not a failure', () => {
    expect(() => encodeFailure({ ...f, attempts: 0 })).toThrow();
  });

  it('describe a failure in one line', () => {
    expect(describeFailure(f)).toBe('http_status 503: HTTP 503 [x] "quoted"\nline');
  });
});

describe('FAILURE_ADVICE', () => {
  it('says what to do about every code the schema accepts', () => {
    for (const code of failureSchema.shape.code.options) expect(FAILURE_ADVICE[code].length).toBeGreaterThan(20);
  });
});
