import { describe, expect, it } from 'vitest';
import { isEnglishCaption, isKoreanCaption } from '../../src/normalize/photo-caption.js';

// [text, right after a photo?, is a caption?]
const english: [string, boolean, boolean][] = [
  // Credits that say "photo" need no picture beside them.
  ['Firefighters rescue a driver in Osong (Photo=North Chungcheong Fire Headquarters)', false, true],
  ['Lawmakers cast their votes on Thursday. [Photo: Newsis]', false, true],
  ['A gold royal seal returned from the United States. Courtesy of the Cultural Heritage Administration', false, true],
  ['The new plant in Pyeongtaek (Photo courtesy of Samsung Electronics)', false, true],
  ['Photo by Kim Jae-myung', false, true],
  // Right under a picture: an agency/source credit after the last sentence, or a caption fragment.
  ['Defense Minister Suh Wook speaks at the National Assembly on Thursday. Yonhap', true, true],
  ['Protesters rally in central Seoul on Saturday. AP/Newsis', true, true],
  ['Citizens walk in the rain in Seoul on Monday (Yonhap)', true, true],
  ['President Yoon Suk Yeol speaks at a Cabinet meeting on Tuesday. Presidential Office', true, true],
  ['President Yoon Suk Yeol at the Cabinet meeting in Seoul on Tuesday', true, true],
  // Story text stays, under a picture or not.
  ['The talks will resume next week.', true, false],
  ['Talks to resume', true, false],
  ['He served in the U.S. Army.', true, false],
  ['The figures were reported by Yonhap.', true, false],
  ['Visitors can see the works online (images are posted daily).', false, false],
  ['He showed reporters a photo by his grandfather.', false, false],
  ['SEOUL — The government on Monday announced a plan to cut corporate taxes', true, false],
  ['The ministry said it would review the plan. The talks continue in Geneva', true, false],
  ['Gi-Jae Han record@donga.com', true, false],
  // A source credit or a fragment away from any picture is not enough.
  ['Defense Minister Suh Wook speaks at the National Assembly on Thursday. Yonhap', false, false],
  ['President Yoon Suk Yeol at the Cabinet meeting in Seoul on Tuesday', false, false],
];

const korean: [string, boolean, boolean][] = [
  ['사진=뉴시스', false, true],
  ['시민들이 광장을 걷고 있다. (사진=대통령실 제공)', false, true],
  ['윤석열 대통령이 3일 국무회의를 주재하고 있다. 대통령실 제공', true, true],
  ['3일 서울 광화문광장에서 시민들이 걷고 있다/뉴시스', true, true],
  ['3일 서울 광화문광장에서 시민들이 걷고 있다. AP뉴시스', true, true],
  ['주민들이 대피하고 있다.(목포=뉴스1)', true, true],
  ['3일 서울 광화문광장에서 시민들이 걷고 있다', true, true],
  ['사진=문형일 기자', true, true],
  // Story text and bylines stay.
  ['정부는 이날 대책을 발표했다.', true, false],
  ['정부는 이날 대책을 발표했다. 야당은 반발하고 있다', true, false],
  ['3일 서울 광화문광장에서 시민들이 걷고 있다. 김재명 기자 base@donga.com', true, false],
  ['사진=문형일 기자', false, false],
  ['주민들이 대피했다.(목포=뉴스1)', false, false],
  ['윤석열 대통령이 3일 국무회의를 주재하고 있다. 대통령실 제공', false, false],
  ['3일 서울 광화문광장에서 시민들이 걷고 있다', false, false],
];

describe('a news-agency credit closing a story of several paragraphs is its source line, not a caption', () => {
  it.each([
    ['The ministry will announce the details next week, officials said. Yonhap', false],
    ['Defense Minister Suh Wook speaks at the National Assembly on Thursday. Getty Images', true],
    ['Firefighters rescue a driver in Osong (Photo=North Chungcheong Fire Headquarters)', true],
  ])('English: %s → caption %s', (text, expected) => {
    expect(isEnglishCaption(text, { afterMedia: true, closesStory: true })).toBe(expected);
  });
  it.each([
    ['정부는 다음 주 세부 계획을 발표할 예정이라고 밝혔다. 연합뉴스', false],
    ['윤석열 대통령이 3일 국무회의를 주재하고 있다. 대통령실 제공', true],
    ['시민들이 광장을 걷고 있다. 사진=뉴시스', true],
  ])('Korean: %s → caption %s', (text, expected) => {
    expect(isKoreanCaption(text, { afterMedia: true, closesStory: true })).toBe(expected);
  });
});

describe('isEnglishCaption', () => {
  it.each(english)('%s (after a photo: %s) → %s', (text, afterMedia, expected) => {
    expect(isEnglishCaption(text, { afterMedia })).toBe(expected);
  });
});

describe('isKoreanCaption', () => {
  it.each(korean)('%s (after a photo: %s) → %s', (text, afterMedia, expected) => {
    expect(isKoreanCaption(text, { afterMedia })).toBe(expected);
  });
});

describe('caption limits', () => {
  const media = { afterMedia: true };
  it('a credit line of up to 300 characters counts; longer is a paragraph', () => {
    const credit = ' (Photo=Yonhap)';
    const at = (n: number) => `${'Firefighters rescue a driver in Osong '.repeat(10).slice(0, n - credit.length)}${credit}`;
    expect(at(300)).toHaveLength(300);
    expect(isEnglishCaption(at(300), media)).toBe(true);
    expect(isEnglishCaption(at(301), media)).toBe(false);
    const ko = (n: number) => `${'시민들이광장을걷고있다'.repeat(30).slice(0, n - 9)} (사진=뉴시스)`;
    expect(ko(300)).toHaveLength(300);
    expect(isKoreanCaption(ko(300), media)).toBe(true);
    expect(isKoreanCaption(ko(301), media)).toBe(false);
  });

  it('an English fragment needs six words or more and at most 200 characters', () => {
    expect(isEnglishCaption('President Yoon at the Cabinet meeting', media)).toBe(true);
    expect(isEnglishCaption('President Yoon at the meeting', media)).toBe(false);
    const long = `Minister${' at'.repeat(64)}`;
    expect(long).toHaveLength(200);
    expect(isEnglishCaption(long, media)).toBe(true);
    expect(isEnglishCaption(`${long}x`, media)).toBe(false);
  });

  it('a Korean fragment: at most 200 characters, one sentence', () => {
    const frag = (n: number) => `${'서울 광화문광장에서 '.repeat(30).slice(0, n - 10)}시민들이 걷고 있다`;
    expect(frag(200)).toHaveLength(200);
    expect(isKoreanCaption(frag(200), media)).toBe(true);
    expect(isKoreanCaption(frag(201), media)).toBe(false);
    expect(isKoreanCaption('3일 서울 광화문광장 모습', media)).toBe(true);
  });

  it('a pronoun or an over-long capitalized run after the last sentence is no source', () => {
    expect(isEnglishCaption('The minister spoke on Thursday. He', media)).toBe(false);
    expect(isEnglishCaption('The minister spoke on Thursday. Ministry of Foreign Affairs', media)).toBe(true);
    expect(isEnglishCaption('The minister spoke. Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', media)).toBe(false);
  });

  it('a source tail of up to 60 characters; pronouns only as whole words', () => {
    const org60 = 'Seoul Metropolitan Government International Relations Photos';
    const org61 = 'Seoul Metropolitan Government International Relations Bureaus';
    expect([org60.length, org61.length]).toEqual([60, 61]);
    expect(isEnglishCaption(`Citizens walk on Monday. ${org60}`, media)).toBe(true);
    expect(isEnglishCaption(`Citizens walk on Monday. ${org61}`, media)).toBe(false);
    expect(isEnglishCaption('Crowds gather on Saturday. Itaewon Police Station', media)).toBe(true);
    expect(isEnglishCaption('Visitors tour the hall on Monday. Exhibition Hall A', media)).toBe(true);
  });

  it('an English fragment starts with a capital, a digit or a quote', () => {
    expect(isEnglishCaption('president Yoon at the Cabinet meeting in Seoul', media)).toBe(false);
    expect(isEnglishCaption('3 soldiers at the Cabinet meeting in Seoul', media)).toBe(true);
  });

  it('a Korean line without a caption ending or terminal stays', () => {
    expect(isKoreanCaption('정부는 이날 대책을 발표', media)).toBe(false);
  });

  it('a line with an e-mail is never a caption', () => {
    expect(isEnglishCaption('Photo by kim@donga.com', { afterMedia: false })).toBe(false);
    expect(isKoreanCaption('사진=김재명 기자 base@donga.com', media)).toBe(false);
  });
});
