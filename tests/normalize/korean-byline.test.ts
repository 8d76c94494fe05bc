import { describe, expect, it } from 'vitest';
import { parseKoreanByline, splitLeadingByline, splitTrailingByline, type KoreanByline } from '../../src/normalize/korean-byline.js';

const a = (name: string, role: string | null, email: string | null = null) => ({ name, email, role });

const cases: [string, KoreanByline | null][] = [
  ['한기재 기자 record@donga.com', { authors: [a('한기재', '기자', 'record@donga.com')], dateline: null, wire: null }],
  // Issue 7: every shape a reporter's local part can take, dots first (a bug rejecting them went unnoticed).
  ...['gi.jae.han@donga.com', 'kim.ms@donga.com', 'kim2024@donga.com', 'kim-ms@donga.com', 'kim_ms@donga.com', 'kim+news@donga.com'].map(
    (email): [string, KoreanByline] => [`한기재 기자 ${email}`, { authors: [a('한기재', '기자', email)], dateline: null, wire: null }],
  ),
  ['워싱턴=문병기 특파원 moon.bk@donga.com', { authors: [a('문병기', '특파원', 'moon.bk@donga.com')], dateline: '워싱턴', wire: null }],
  [
    '김지원·박민수 기자 kim.jw@donga.com p.ms@donga.com',
    { authors: [a('김지원', '기자', 'kim.jw@donga.com'), a('박민수', '기자', 'p.ms@donga.com')], dateline: null, wire: null },
  ],
  ['워싱턴=문병기 특파원 weappon@donga.com', { authors: [a('문병기', '특파원', 'weappon@donga.com')], dateline: '워싱턴', wire: null }],
  ['김지원·박민수 기자', { authors: [a('김지원', '기자'), a('박민수', '기자')], dateline: null, wire: null }],
  [
    '김지원·박민수 기자 jiwon@donga.com pms@donga.com',
    { authors: [a('김지원', '기자', 'jiwon@donga.com'), a('박민수', '기자', 'pms@donga.com')], dateline: null, wire: null },
  ],
  [
    '김지원 기자 jiwon@donga.com·박민수 특파원 pms@donga.com',
    { authors: [a('김지원', '기자', 'jiwon@donga.com'), a('박민수', '특파원', 'pms@donga.com')], dateline: null, wire: null },
  ],
  ['【워싱턴=문병기 특파원】', { authors: [a('문병기', '특파원')], dateline: '워싱턴', wire: null }],
  ['[베이징=김기용 특파원]', { authors: [a('김기용', '특파원')], dateline: '베이징', wire: null }],
  ['프놈펜=김성규 기자 SungGyu@Donga.com', { authors: [a('김성규', '기자', 'sunggyu@donga.com')], dateline: '프놈펜', wire: null }],
  ['[동아일보] 황태호 기자 taeho@donga.com', { authors: [a('황태호', '기자', 'taeho@donga.com')], dateline: null, wire: null }],
  ['동아닷컴 이은정 기자 ejlee@donga.com', { authors: [a('이은정', '동아닷컴 기자', 'ejlee@donga.com')], dateline: null, wire: null }],
  ['제네바=정진수 동아닷컴 기자', { authors: [a('정진수', '동아닷컴 기자')], dateline: '제네바', wire: null }],
  ['송평인 논설위원 pisong@donga.com', { authors: [a('송평인', '논설위원', 'pisong@donga.com')], dateline: null, wire: null }],
  ['김순덕 논설실장', { authors: [a('김순덕', '논설실장')], dateline: null, wire: null }],
  ['윤양섭 전문기자', { authors: [a('윤양섭', '전문기자')], dateline: null, wire: null }],
  ['이진한 의학전문기자 likeday@donga.com', { authors: [a('이진한', '의학전문기자', 'likeday@donga.com')], dateline: null, wire: null }],
  ['유진아 인턴기자', { authors: [a('유진아', '인턴기자')], dateline: null, wire: null }],
  ['유진아인턴기자', { authors: [a('유진아', '인턴기자')], dateline: null, wire: null }],
  ['홍수영 선임기자', { authors: [a('홍수영', '선임기자')], dateline: null, wire: null }],
  ['박용 부장', { authors: [a('박용', '부장')], dateline: null, wire: null }],
  ['신광영 차장', { authors: [a('신광영', '차장')], dateline: null, wire: null }],
  ['이기홍 객원논설위원', { authors: [a('이기홍', '객원논설위원')], dateline: null, wire: null }],
  ['홍길동 칼럼니스트', { authors: [a('홍길동', '칼럼니스트')], dateline: null, wire: null }],
  ['사진·문형일 기자 malux@donga.com', { authors: [a('문형일', '기자', 'malux@donga.com')], dateline: null, wire: null }],
  ['사진=문형일 기자', { authors: [a('문형일', '기자')], dateline: null, wire: null }],
  ['한기재 record@donga.com', { authors: [a('한기재', null, 'record@donga.com')], dateline: null, wire: null }],
  ['(목포=뉴스1)', { authors: [], dateline: '목포', wire: '뉴스1' }],
  ['뉴시스', { authors: [], dateline: null, wire: '뉴시스' }],
  ['연합뉴스', { authors: [], dateline: null, wire: '연합뉴스' }],
  ['=AP', { authors: [], dateline: null, wire: 'AP' }],
  ['워싱턴=AP 뉴시스', { authors: [], dateline: '워싱턴', wire: 'AP' }],
  ['로이터·동아닷컴 특약', { authors: [], dateline: null, wire: '로이터' }],
  ['(서울=뉴스1) 홍길동 기자', { authors: [a('홍길동', '기자')], dateline: '서울', wire: '뉴스1' }],
  ['부산｜강성명 기자 smkang@donga.com', { authors: [a('강성명', '기자', 'smkang@donga.com')], dateline: '부산', wire: null }],
  // Not bylines.
  ['정부는 이날 대책을 발표했다.', null],
  ['그는 동아일보 기자 출신이다', null],
  ['홍길동 서울대 교수', null],
  // Review R1: a sentence that merely ends in `이름 기자` is not a byline of three people.
  ['이날 행사에는 김철수 기자', null],
  ['현장에는 취재진과 김철수 기자', null],
  ['', null],
  ['▶ 동아일보 단독 기사 더 보기', null],
];

describe('parseKoreanByline', () => {
  it.each(cases)('%s', (text, expected) => {
    expect(parseKoreanByline(text)).toEqual(expected);
  });
});

describe('splitTrailingByline', () => {
  it.each([
    ['…라고 밝혔다.유진아기자 reporter@donga.com', '…라고 밝혔다.', [a('유진아', '기자', 'reporter@donga.com')], null],
    ['그는 “괜찮다”고 말했다. 워싱턴=문병기 특파원 weappon@donga.com', '그는 “괜찮다”고 말했다.', [a('문병기', '특파원', 'weappon@donga.com')], '워싱턴'],
    ['회의는 끝났다. 김지원·박민수 기자 jiwon@donga.com', '회의는 끝났다.', [a('김지원', '기자', 'jiwon@donga.com'), a('박민수', '기자')], null],
    ['한기재 기자 record@donga.com', '', [a('한기재', '기자', 'record@donga.com')], null],
    ['주민들이 대피했다.(목포=뉴스1)', '주민들이 대피했다.', [], '목포'],
    // Review R2: glued without an e-mail, after the last sentence end.
    ['…라고 밝혔다.김지원 기자', '…라고 밝혔다.', [a('김지원', '기자')], null],
    ['그는 “괜찮다”고 말했다. 워싱턴=문병기 특파원', '그는 “괜찮다”고 말했다.', [a('문병기', '특파원')], '워싱턴'],
    ['회의는 끝났다.김지원·박민수 기자', '회의는 끝났다.', [a('김지원', '기자'), a('박민수', '기자')], null],
    ['회의는 끝났다.유진아인턴기자', '회의는 끝났다.', [a('유진아', '인턴기자')], null],
    ['회의는 끝났다. 남궁민수 기자', '회의는 끝났다.', [a('남궁민수', '기자')], null],
    ['“끝까지 싸우겠다”고 말했다.”송평인 논설위원', '“끝까지 싸우겠다”고 말했다.”', [a('송평인', '논설위원')], null],
    // A bare news-agency credit after the last sentence is a wire credit, not story text.
    ['정부는 세부 계획을 발표할 예정이라고 밝혔다. 연합뉴스', '정부는 세부 계획을 발표할 예정이라고 밝혔다.', [], null],
    ['주민들이 대피했다./뉴시스', '주민들이 대피했다.', [], null],
  ] as const)('%s', (input, text, authors, dateline) => {
    const r = splitTrailingByline(input);
    expect(r.text).toBe(text);
    expect(r.byline?.authors).toEqual(authors);
    expect(r.byline?.dateline).toBe(dateline);
  });

  it('leaves ordinary paragraphs and mid-text e-mails alone', () => {
    for (const p of [
      '정부는 이날 대책을 발표했다.',
      '문의는 help@example.com 으로 하면 된다고 밝혔다.',
      '그는 동아일보 기자 출신이다.',
      // Review R2: role words inside or ending prose are no e-mail-less byline.
      '…라고 한 기자가 말했다.',
      '이날 행사에는 김철수 기자',
      '그는 말했다. 이날 행사에는 김철수 기자',
      '그는 말했다. 그런 기자',
      '그는 말했다. 한 기자',
      '회의는 끝났다. 외교부 차장',
      '회의는 끝났다. 동아일보 기자',
    ]) {
      expect(splitTrailingByline(p)).toEqual({ text: p, byline: null });
    }
  });
});

describe('splitLeadingByline', () => {
  it('removes a 【dateline=name role】 prefix', () => {
    const r = splitLeadingByline('【워싱턴=문병기 특파원】 미국 정부는 3일 새 관세를 발표했다.');
    expect(r.text).toBe('미국 정부는 3일 새 관세를 발표했다.');
    expect(r.byline).toEqual({ authors: [a('문병기', '특파원')], dateline: '워싱턴', wire: null });
  });

  it('removes a [dateline=wire] prefix without authors', () => {
    const r = splitLeadingByline('[워싱턴=AP뉴시스] 백악관은 성명을 냈다.');
    expect(r.text).toBe('백악관은 성명을 냈다.');
    expect(r.byline).toEqual({ authors: [], dateline: '워싱턴', wire: 'AP' });
  });

  it('handles wire style (서울=뉴스1) 홍길동 기자 =', () => {
    const r = splitLeadingByline('(서울=뉴스1) 홍길동 기자 = 국회는 4일 본회의를 열었다.');
    expect(r.text).toBe('국회는 4일 본회의를 열었다.');
    expect(r.byline?.authors).toEqual([a('홍길동', '기자')]);
    expect(r.byline?.dateline).toBe('서울');
  });

  it('drops a [동아일보] prefix', () => {
    expect(splitLeadingByline('[동아일보] 국회는 본회의를 열었다.')).toEqual({ text: '국회는 본회의를 열었다.', byline: null });
  });

  it('keeps ordinary bracketed openings', () => {
    const p = '[단독] 국회는 본회의를 열었다.';
    expect(splitLeadingByline(p)).toEqual({ text: p, byline: null });
  });
});

describe('photo credits', () => {
  it('treats 사진=wire as a wire credit without dateline', () => {
    expect(parseKoreanByline('사진=뉴시스')).toEqual({ authors: [], dateline: null, wire: '뉴시스' });
  });
});

describe('parseKoreanByline: bounds', () => {
  const one = (name: string, role: string, email: string | null = null) => ({ authors: [a(name, role, email)], dateline: null, wire: null });

  it('a line of up to 200 characters', () => {
    const line = (n: number) => `한기재 기자 ${'r'.repeat(n - 17)}@donga.com`;
    expect(line(200)).toHaveLength(200);
    expect(parseKoreanByline(line(200))).toEqual(one('한기재', '기자', `${'r'.repeat(183)}@donga.com`));
    expect(parseKoreanByline(line(201))).toBeNull();
  });

  it('up to six names of 2-4 syllables, none of them a common word', () => {
    const six = ['김가나', '김다라', '김마바', '김사아', '김자차', '김카타'];
    expect(parseKoreanByline(`${six.join('·')} 기자`)?.authors.map((x) => x.name)).toEqual(six);
    expect(parseKoreanByline(`${[...six, '김파하'].join('·')} 기자`)).toBeNull();
    expect(parseKoreanByline('남궁민수 기자')).toEqual(one('남궁민수', '기자'));
    expect(parseKoreanByline('남궁민수아 기자')).toBeNull();
    expect(parseKoreanByline('김 기자')).toBeNull();
    expect(parseKoreanByline('취재 기자')).toBeNull();
  });

  it('names separated only by spaces need e-mails to vouch for them', () => {
    expect(parseKoreanByline('김철수 박영희 기자')).toBeNull();
    expect(parseKoreanByline('김철수 박영희 기자 cs@donga.com yh@donga.com')).toEqual({
      authors: [a('김철수', '기자', 'cs@donga.com'), a('박영희', '기자', 'yh@donga.com')],
      dateline: null,
      wire: null,
    });
  });

  it('a trailing period after the e-mail is not part of it', () => {
    expect(parseKoreanByline('한기재 기자 record@donga.com.')).toEqual(one('한기재', '기자', 'record@donga.com'));
  });
});

describe('splitTrailingByline: glued bylines without e-mail', () => {
  it('only a short tail (40 characters at most) after the last sentence end, with names that start with a surname', () => {
    const tail = (n: number) => ` 샌프란시스코=${Array.from({ length: n }, () => '김가나다').join('·')} 객원논설위원`;
    expect([tail(5).length, tail(6).length]).toEqual([39, 44]);
    expect(splitTrailingByline(`회의는 끝났다.${tail(5)}`).byline?.authors).toHaveLength(5);
    expect(splitTrailingByline(`회의는 끝났다.${tail(6)}`)).toEqual({ text: `회의는 끝났다.${tail(6)}`, byline: null });
    for (const p of ['회의는 끝났다. 뷁뷁 기자', '회의는 끝났다 김지원 기자']) {
      expect(splitTrailingByline(p)).toEqual({ text: p, byline: null });
    }
  });
});
