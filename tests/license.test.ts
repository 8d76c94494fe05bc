import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('LICENSE', () => {
  it('matches the license package.json declares', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { license: string };
    const text = readFileSync(new URL('../LICENSE', import.meta.url), 'utf8');
    expect(pkg.license).toBe('MIT');
    expect(text.split('\n')[0]).toBe('MIT License');
    expect(text).toMatch(/Permission is hereby granted, free of charge/);
  });
});
