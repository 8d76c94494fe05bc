import { describe, expect, it } from 'vitest';
import { findRomanizedName, matchesKoreanName, romanizedNameIndex, romanizeKoreanName, romanizeSyllable } from '../../src/normalize/romanize-name.js';

describe('romanizeSyllable (RR, syllable on its own)', () => {
  const table: [string, string][] = [
    ['한', 'han'],
    ['기', 'gi'],
    ['재', 'jae'],
    ['석', 'seok'],
    ['민', 'min'],
    ['빛', 'bit'],
    ['정', 'jeong'],
    ['최', 'choe'],
    ['윤', 'yun'],
    ['열', 'yeol'],
    ['희', 'hui'],
    ['림', 'rim'],
    ['쌍', 'ssang'],
    ['꽃', 'kkot'],
  ];
  for (const [s, want] of table) it(`${s} → ${want}`, () => expect(romanizeSyllable(s)).toBe(want));
  it('null for a non-syllable', () => expect(romanizeSyllable('A')).toBeNull());
});

describe('romanizeKoreanName', () => {
  const table: [string, string, string[]][] = [
    ['한기재', 'Gi-jae', ['Gi-jae Han', 'Gijae Han', 'Han Gi-jae', 'Han Gijae']],
    // No sound change between given-name syllables: Seok-min, not Seong-min.
    ['정석민', 'Seok-min', ['Seok-min Jung', 'Seokmin Jung', 'Jung Seok-min', 'Jung Seokmin']],
    ['이재희', 'Jae-hui', ['Jae-hui Lee', 'Jaehui Lee', 'Lee Jae-hui', 'Lee Jaehui']],
    ['박민우', 'Min-u', ['Min-u Park', 'Minu Park', 'Park Min-u', 'Park Minu']],
    ['남궁민수', 'Min-su', ['Min-su Namkoong', 'Minsu Namkoong', 'Namkoong Min-su', 'Namkoong Minsu']],
  ];
  for (const [name, given, forms] of table) {
    it(name, () => {
      const r = romanizeKoreanName(name)!;
      expect(r.given).toBe(given);
      expect(r.forms).toEqual(forms);
    });
  }
  it('customary surname spellings first, RR kept', () => {
    expect(romanizeKoreanName('최빛나')!.family).toEqual(['Choi', 'Choe', 'Chey']);
    expect(romanizeKoreanName('이은정')!.family).toEqual(['Lee', 'Yi', 'Rhee', 'Rhie', 'Ri', 'I']);
    expect(romanizeKoreanName('백지연')!.family).toContain('Paik');
  });
  it('null for a non-Hangul or one-syllable name', () => {
    expect(romanizeKoreanName('Gi-Jae Han')).toBeNull();
    expect(romanizeKoreanName('김')).toBeNull();
  });
});

describe('matchesKoreanName', () => {
  // Every common surname spelling of the brief, each with a given name in hyphenated, joined and family-first forms.
  const surnames: [string, string[]][] = [
    ['김', ['Kim']],
    ['이', ['Lee', 'Yi', 'Rhee']],
    ['박', ['Park']],
    ['최', ['Choi', 'Choe']],
    ['정', ['Jung', 'Jeong', 'Chung']],
    ['강', ['Kang']],
    ['조', ['Cho', 'Jo']],
    ['윤', ['Yoon', 'Yun']],
    ['장', ['Jang', 'Chang']],
    ['임', ['Lim', 'Im']],
    ['한', ['Han']],
    ['오', ['Oh']],
    ['서', ['Seo', 'Suh']],
    ['신', ['Shin']],
    ['권', ['Kwon']],
    ['황', ['Hwang']],
    ['안', ['Ahn']],
    ['송', ['Song']],
    ['유', ['Yoo', 'Yu']],
    ['홍', ['Hong']],
    ['전', ['Jeon', 'Chun']],
    ['고', ['Ko', 'Koh']],
    ['문', ['Moon']],
    ['양', ['Yang']],
    ['손', ['Son', 'Sohn']],
    ['배', ['Bae']],
    ['백', ['Baek', 'Paik']],
    ['허', ['Heo', 'Huh']],
    ['남', ['Nam']],
    ['심', ['Shim']],
    ['노', ['Noh', 'Roh']],
    ['하', ['Ha']],
    ['곽', ['Kwak']],
    ['성', ['Sung']],
    ['차', ['Cha']],
    ['주', ['Joo']],
    ['우', ['Woo']],
    ['구', ['Koo']],
    ['민', ['Min']],
    ['류', ['Ryu']],
    ['나', ['Na']],
    ['진', ['Jin']],
    ['지', ['Ji']],
    ['엄', ['Eom', 'Um']],
    ['채', ['Chae']],
    ['원', ['Won']],
    ['천', ['Chun']],
    ['방', ['Bang']],
    ['공', ['Kong']],
    ['현', ['Hyun']],
  ];
  for (const [ko, spellings] of surnames) {
    it(`${ko}지원 ↔ ${spellings.join('/')}`, () => {
      for (const s of spellings) {
        for (const en of [`Ji-Won ${s}`, `Jiwon ${s}`, `${s} Ji-won`, `${s} Jiwon`, `JI-WON ${s.toUpperCase()}`]) {
          expect(matchesKoreanName(`${ko}지원`, en), en).toBe(true);
        }
      }
    });
  }

  const given: [string, string, boolean][] = [
    ['한기재', 'Gi-Jae Han', true],
    ['한기재', 'Ki-Jae Han', true],
    ['정은보', 'Jeong Eun-bo', true],
    ['정석민', 'Jeong Seok-min', true],
    ['정석민', 'Jung Suk-min', true],
    ['윤석열', 'Yoon Suk Yeol', true],
    ['문재인', 'Moon Jae-in', true],
    ['이명박', 'Lee Myung-bak', true],
    ['박근혜', 'Park Geun-hye', true],
    ['최혜령', 'Hye-Rim Choi', false],
    ['이재희', 'Jae-Hee Lee', true],
    ['김순덕', 'Kim Soon-deok', true],
    ['김순덕', 'Kim Sun-deok', true],
    ['문병기', 'Byung-Ki Moon', true],
    ['김진우', 'Kim Jin-woo', true],
    ['유진아', 'Jin-A Yoo', true],
    // Different people
    ['한기재', 'Gi-Jae Kim', false],
    ['한기재', 'Min-Su Han', false],
    ['김지원', 'Min-Su Park', false],
    ['김지원', 'Kim', false],
  ];
  for (const [ko, en, want] of given) it(`${ko} ${want ? '=' : '≠'} ${en}`, () => expect(matchesKoreanName(ko, en)).toBe(want));
});

describe('findRomanizedName', () => {
  it('finds a Korean name romanized in English text', () => {
    const text = 'This is a far cry from the remarks from Tuesday by Jeong Eun-bo, Korea’s top negotiator.';
    expect(findRomanizedName('정은보', text)).toBe('Jeong Eun-bo');
  });
  it('takes a prepared index for many look-ups in one text', () => {
    const index = romanizedNameIndex('Prime Minister Han Duck-soo met Moon Jae-in and Jeong Eun-bo.');
    expect(['한덕수', '문재인', '정은보', '정부는', '이재희'].map((n) => findRomanizedName(n, index))).toEqual([
      'Han Duck-soo',
      'Moon Jae-in',
      'Jeong Eun-bo',
      null,
      null,
    ]);
  });
  it('does not join capitalised words across lower-case ones', () => {
    expect(findRomanizedName('정은보', 'Jeong said that Eun-bo left')).toBeNull();
  });
});
