import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_CHARS, cleanText, isProse, stripSitePrefix } from '../../src/normalize/text.js';

describe('cleanText', () => {
  it('folds whitespace, drops controls and zero-width characters, composes Hangul', () => {
    expect(cleanText(' a\u00A0\u3000b\u200B\u0000c \n')).toBe('a bc');
    expect(cleanText('\u1112\u1161\u11AB')).toBe('한');
  });

  it.each([
    ['drops control and zero-width characters without leaving a gap', 'Se\u0000o\u200Bul\uFEFF\u007F', 'Seoul'],
    ['folds whitespace runs, NBSP and ideographic spaces to one space, trimmed', ' a \u00A0\t b\u3000\n c ', 'a b c'],
    ['composes to NFC', '\u1100\u1161', '\uAC00'],
  ])('%s', (_name, input, want) => {
    expect(cleanText(input)).toBe(want);
  });
});

describe('stripSitePrefix', () => {
  it.each([
    ['동아닷컴 - 美, 對中 관세 추가 인상', '美, 對中 관세 추가 인상'],
    ['동아일보 | 대통령, 새 총리 지명', '대통령, 새 총리 지명'],
    ['동아일보 : 대통령, 새 총리 지명', '대통령, 새 총리 지명'],
    ['[동아일보] 北, 정찰기 기술자료 해킹', '北, 정찰기 기술자료 해킹'],
    ['[동아닷컴]北, 정찰기 기술자료 해킹', '北, 정찰기 기술자료 해킹'],
    ['【동아일보】 北, 정찰기 기술자료 해킹', '北, 정찰기 기술자료 해킹'],
    ['[ 동아일보 ] - 제목', '제목'],
    ['The Dong-A Ilbo :: N. Korea stole spy-plane data', 'N. Korea stole spy-plane data'],
    ['The DONG-A ILBO | N. Korea stole spy-plane data', 'N. Korea stole spy-plane data'],
    ['THE DONGA ILBO - N. Korea stole spy-plane data', 'N. Korea stole spy-plane data'],
    ['Dong-A Ilbo: N. Korea stole spy-plane data', 'N. Korea stole spy-plane data'],
    ['donga.com > 제목', '제목'],
    ['(The Dong-A Ilbo) Title', 'Title'],
    ['東亜日報 - タイトル', 'タイトル'],
    ['  동아닷컴  –  제목 ', '제목'],
  ])('%s', (input, out) => {
    expect(stripSitePrefix(input)).toBe(out);
  });

  it.each([
    '동아일보 창간 105주년 기념식',
    'Dong-A Ilbo marks its 105th anniversary',
    '[단독] 검찰, 전 장관 소환',
    '[사설] 예산안 처리',
    'A-B 협상',
    '동아일보',
    'The Dong-A Ilbo',
    '제목 : 동아일보',
    '동아일보-리서치앤리서치 여론조사, 여당 지지율 30%',
    '동아일보·채널A 공동 여론조사',
    'Dong-A Ilbo-Research&Research poll shows a tight race',
    '동아일보:채널A 공동 기획',
  ])('keeps %s', (input) => {
    expect(stripSitePrefix(input)).toBe(input);
  });
});

describe('isProse', () => {
  it('accepts text, long URLs and Korean without spaces up to the limit', () => {
    expect(isProse('A short paragraph.')).toBe(true);
    expect(isProse(`See https://example.org/${'a'.repeat(300)} for more.`)).toBe(true);
    expect(isProse('가'.repeat(MAX_TOKEN_CHARS))).toBe(true);
    expect(isProse(`${'x'.repeat(MAX_TOKEN_CHARS)} ${'y'.repeat(MAX_TOKEN_CHARS)}`)).toBe(true);
  });
  it('refuses a paragraph holding one token longer than the limit, whatever separates the others', () => {
    expect(isProse('x'.repeat(MAX_TOKEN_CHARS + 1))).toBe(false);
    expect(isProse(`word ${'x'.repeat(MAX_TOKEN_CHARS + 1)} word`)).toBe(false);
    expect(isProse(`a\u3000${'가'.repeat(MAX_TOKEN_CHARS + 1)}`)).toBe(false);
  });
  it('counts ideographic and no-break spaces as spaces', () => {
    expect(isProse(`${'x'.repeat(MAX_TOKEN_CHARS)}\u00A0${'x'.repeat(MAX_TOKEN_CHARS)}`)).toBe(true);
    expect(isProse(`${'x'.repeat(MAX_TOKEN_CHARS)}\u3000${'x'.repeat(MAX_TOKEN_CHARS)}`)).toBe(true);
  });
});
