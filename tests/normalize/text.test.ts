import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/normalize/text.js';

describe('cleanText', () => {
  it.each([
    ['drops control and zero-width characters without leaving a gap', 'Se\u0000o\u200Bul\uFEFF\u007F', 'Seoul'],
    ['folds whitespace runs, NBSP and ideographic spaces to one space, trimmed', ' a \u00A0\t b\u3000\n c ', 'a b c'],
    ['composes to NFC', '\u1100\u1161', '\uAC00'],
  ])('%s', (_name, input, want) => {
    expect(cleanText(input)).toBe(want);
  });
});
