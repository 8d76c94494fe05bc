import { describe, expect, it } from 'vitest';
import { parseEnglishByline } from '../../src/normalize/english-byline.js';

const a = (name: string, email: string | null = null, role: string | null = null) => ({ name, email, role });

describe('parseEnglishByline', () => {
  const cases: [string, ReturnType<typeof parseEnglishByline>][] = [
    ['Gi-Jae Han record@donga.com', [a('Gi-Jae Han', 'record@donga.com')]],
    // Issue 7: every shape a reporter's local part can take, dots first (a bug rejecting them went unnoticed).
    ['Gi-Jae Han gi.jae.han@donga.com', [a('Gi-Jae Han', 'gi.jae.han@donga.com')]],
    ['Kim Min-seo kim.ms@donga.com', [a('Kim Min-seo', 'kim.ms@donga.com')]],
    ['Kim Min-seo kim2024@donga.com', [a('Kim Min-seo', 'kim2024@donga.com')]],
    ['Kim Min-seo kim-ms@donga.com', [a('Kim Min-seo', 'kim-ms@donga.com')]],
    ['Kim Min-seo kim_ms@donga.com', [a('Kim Min-seo', 'kim_ms@donga.com')]],
    ['Kim Min-seo kim+news@donga.com', [a('Kim Min-seo', 'kim+news@donga.com')]],
    ['Kim Min-seo Kim.Min-Seo_1+en@donga.co.kr', [a('Kim Min-seo', 'kim.min-seo_1+en@donga.co.kr')]],
    ['By Kim Soon-deok, Senior Editorial Writer kim.sd@donga.com', [a('Kim Soon-deok', 'kim.sd@donga.com', 'Senior Editorial Writer')]],
    ['Kim Ji-won kim.jw@donga.com · Park Min-su p.ms@donga.com', [a('Kim Ji-won', 'kim.jw@donga.com'), a('Park Min-su', 'p.ms@donga.com')]],
    // Review R1: role printed before the name; a wire credit with an article.
    ['Reporter Kim Ji-won kjw@donga.com', [a('Kim Ji-won', 'kjw@donga.com', 'Reporter')]],
    ['Staff Reporter Kim Ji-won', [a('Kim Ji-won', null, 'Staff Reporter')]],
    ['Tokyo Correspondent Lee Sang-hoon sanghun@donga.com', [a('Lee Sang-hoon', 'sanghun@donga.com', 'Tokyo Correspondent')]],
    ['By The Associated Press', []],
    ['  Gi-Jae Han   RECORD@Donga.com ', [a('Gi-Jae Han', 'record@donga.com')]],
    ['Gi-Jae Han, record@donga.com', [a('Gi-Jae Han', 'record@donga.com')]],
    ['Gi-Jae Han (record@donga.com)', [a('Gi-Jae Han', 'record@donga.com')]],
    ['By Kim Soon-deok, Senior Editorial Writer kimsd@donga.com', [a('Kim Soon-deok', 'kimsd@donga.com', 'Senior Editorial Writer')]],
    ['Kim Soon-deok Senior Editorial Writer kimsd@donga.com', [a('Kim Soon-deok', 'kimsd@donga.com', 'Senior Editorial Writer')]],
    ['By Lee Jin-kyu, Staff Writer', [a('Lee Jin-kyu', null, 'Staff Writer')]],
    ['By Jeong Eun-bo', [a('Jeong Eun-bo')]],
    ['Kim Ji-won kjw@donga.com · Park Min-su pms@donga.com', [a('Kim Ji-won', 'kjw@donga.com'), a('Park Min-su', 'pms@donga.com')]],
    ['Kim Ji-won · Park Min-su kjw@donga.com pms@donga.com', [a('Kim Ji-won', 'kjw@donga.com'), a('Park Min-su', 'pms@donga.com')]],
    [
      'Kim Ji-won, Park Min-su and Lee Ha-na kjw@donga.com pms@donga.com lhn@donga.com',
      [a('Kim Ji-won', 'kjw@donga.com'), a('Park Min-su', 'pms@donga.com'), a('Lee Ha-na', 'lhn@donga.com')],
    ],
    ['Kim Ji-won kjw@donga.com and Park Min-su pms@donga.com', [a('Kim Ji-won', 'kjw@donga.com'), a('Park Min-su', 'pms@donga.com')]],
    ['Kim Ji-won · Park Min-su pms@donga.com', [a('Kim Ji-won'), a('Park Min-su', 'pms@donga.com')]],
    ['By Moon Byung-ki, Washington Correspondent weappon@donga.com', [a('Moon Byung-ki', 'weappon@donga.com', 'Washington Correspondent')]],
    ['By Kim Hyun-soo, Columnist', [a('Kim Hyun-soo', null, 'Columnist')]],
    ['By Park Sang-hoon, Professor of Economics at Korea University', [a('Park Sang-hoon', null, 'Professor of Economics at Korea University')]],
    ['Gi-Jae Han record@donga.com (Yonhap)', [a('Gi-Jae Han', 'record@donga.com')]],
    ['Gi-Jae Han record@donga.com · Yonhap', [a('Gi-Jae Han', 'record@donga.com')]],
    ['Yonhap', []],
    ['(AP)', []],
    ['Reuters · Newsis', []],
    ['News1', []],
    // Not bylines.
    ['This is a far cry from the remarks from Tuesday.', null],
    ['Washington has not made any official signal for an imminent deal.', null],
    ['North Korea Fires Missile', null],
    ['', null],
    ['Contact us at help@donga.com for details on the offer.', null],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseEnglishByline(text)).toEqual(expected);
  });
});

describe('parseEnglishByline: more roles', () => {
  it.each([
    ['By Cho Jin-man, Seoul Bureau Chief cjm@donga.com', [a('Cho Jin-man', 'cjm@donga.com', 'Seoul Bureau Chief')]],
    ['By Yoon Sang-ho, Reporter', [a('Yoon Sang-ho', null, 'Reporter')]],
    ['Lee Jae-myung, Staff Writer ljm@donga.com', [a('Lee Jae-myung', 'ljm@donga.com', 'Staff Writer')]],
    ['By Kim Soon-deok, Editorial Writer', [a('Kim Soon-deok', null, 'Editorial Writer')]],
  ] as const)('%j', (text, expected) => {
    expect(parseEnglishByline(text)).toEqual(expected);
  });
});

describe('parseEnglishByline: bounds and separators', () => {
  it.each<[string, ReturnType<typeof parseEnglishByline>]>([
    // A name is 2 to 5 words.
    ['Kim Ji Won Park Min kjw@donga.com', [a('Kim Ji Won Park Min', 'kjw@donga.com')]],
    ['Kim Ji Won Park Min Su kjw@donga.com', null],
    ['Kim kjw@donga.com', null],
    // A role: its head word may carry a final period; content words are capitalized; it needs a head word.
    ['By Kim Hyun-soo, Columnist.', [a('Kim Hyun-soo', null, 'Columnist.')]],
    ['By Kim Hyun-soo, former columnist', null],
    ['Kim Soon-deok Staff writer kjw@donga.com', null],
    // A 3-word name glued to its role splits at the role's first word, not inside the name.
    ['Kim Ji Won Staff Writer kjw@donga.com', [a('Kim Ji Won', 'kjw@donga.com', 'Staff Writer')]],
    // Separators with or without spaces; dashes and quotes around a chunk are dropped.
    ['Kim Ji-won·Park Min-su kjw@donga.com pms@donga.com', [a('Kim Ji-won', 'kjw@donga.com'), a('Park Min-su', 'pms@donga.com')]],
    ['—— Kim Ji-won -- kjw@donga.com', [a('Kim Ji-won', 'kjw@donga.com')]],
    // A wire credit in parentheses separates the names around it.
    ['Gi-Jae Han (Yonhap) Park Min-su pms@donga.com', [a('Gi-Jae Han'), a('Park Min-su', 'pms@donga.com')]],
    ['Gi-Jae Han ( Yonhap ) Park Min-su pms@donga.com', [a('Gi-Jae Han'), a('Park Min-su', 'pms@donga.com')]],
    // E-mails go to the names read since the previous e-mails: in order, or to the last ones.
    [
      'Kim Ji-won kjw@donga.com Park Min-su · Lee Ha-na pms@donga.com lhn@donga.com',
      [a('Kim Ji-won', 'kjw@donga.com'), a('Park Min-su', 'pms@donga.com'), a('Lee Ha-na', 'lhn@donga.com')],
    ],
    ['Kim Ji-won kjw@donga.com · Park Min-su · Lee Ha-na lhn@donga.com', [a('Kim Ji-won', 'kjw@donga.com'), a('Park Min-su'), a('Lee Ha-na', 'lhn@donga.com')]],
    // No people: a wire credit alone is an empty byline, but not with an e-mail, and separators alone are none.
    ['Yonhap kjw@donga.com', null],
    ['· ·', null],
    // Several people without e-mail or `By`, one of them read role-first: a sentence fragment, not a byline.
    ['Reporter Kim Ji-won · Park Min-su', null],
    ['By Reporter Kim Ji-won · Park Min-su', [a('Kim Ji-won', null, 'Reporter'), a('Park Min-su')]],
  ])('%j', (text, expected) => {
    expect(parseEnglishByline(text)).toEqual(expected);
  });

  it('a role of up to 12 words', () => {
    const role12 = 'Professor of Economics at the Graduate School of International Studies of Yonsei';
    expect(role12.split(' ')).toHaveLength(12);
    expect(parseEnglishByline(`By Park Sang-hoon, ${role12}`)).toEqual([a('Park Sang-hoon', null, role12)]);
    const role13 = `${role12} University`;
    expect(parseEnglishByline(`By Park Sang-hoon, ${role13}`)).not.toEqual([a('Park Sang-hoon', null, role13)]);
  });

  it('at most 300 characters', () => {
    const line = (extra: number) => `${Array(10).fill('Kim Ji-won kjw@donga.com').join(' · ')} · Kim Ji-won kjw${'x'.repeat(extra)}@donga.com`;
    expect(line(6)).toHaveLength(300);
    expect(parseEnglishByline(line(6))).toHaveLength(11);
    expect(parseEnglishByline(line(7))).toBeNull();
  });
});
