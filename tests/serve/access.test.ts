import { describe, expect, it } from 'vitest';
import { authorized, bindProblem, isLoopbackBind } from '../../src/serve/access.js';

describe('isLoopbackBind', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.0.2.10', false],
    ['example.org', false],
    ['128.0.0.1', false],
  ])('%s → %s', (host, loopback) => expect(isLoopbackBind(host)).toBe(loopback));
});

describe('bindProblem', () => {
  it('allows loopback without a token and anything with one', () => {
    expect(bindProblem('127.0.0.1', undefined)).toBeNull();
    expect(bindProblem('0.0.0.0', 'a-long-enough-secret')).toBeNull();
  });
  it('refuses other addresses without a token, naming the setting', () => {
    expect(bindProblem('0.0.0.0', undefined)).toMatch(/SERVE_TOKEN/);
    expect(bindProblem('0.0.0.0', '')).toMatch(/SERVE_TOKEN/);
  });
});

describe('authorized', () => {
  const token = 'sixteen-chars-secret';
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  it('lets everything through when no token is configured', () => {
    expect(authorized(undefined, undefined)).toBe(true);
  });
  it('accepts the token as Bearer or as a Basic password with any user', () => {
    expect(authorized(`Bearer ${token}`, token)).toBe(true);
    expect(authorized(`bearer   ${token}`, token)).toBe(true);
    expect(authorized(basic('ops', token), token)).toBe(true);
    expect(authorized(basic('', token), token)).toBe(true);
  });
  it('refuses a missing, wrong, truncated or differently-placed token', () => {
    expect(authorized(undefined, token)).toBe(false);
    expect(authorized('Bearer wrong', token)).toBe(false);
    expect(authorized(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(authorized(`Bearer ${token}x`, token)).toBe(false);
    expect(authorized(basic(token, 'nope'), token)).toBe(false);
    expect(authorized(`Token ${token}`, token)).toBe(false);
    expect(authorized('Basic !!!', token)).toBe(false);
  });
});
