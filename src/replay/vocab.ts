/**
 * Word lists the replay site builds its articles from. Korean strings are common Hangul only
 * (all inside KS X 1001), so every Korean page can also be served as EUC-KR.
 */

export const EN_SECTIONS = ['Politics', 'Economy', 'Society', 'International', 'Culture', 'Sports', 'Opinion'] as const;
export type EnSection = (typeof EN_SECTIONS)[number];

/** Korean URL section segment and its Korean label, per English section. */
export const KO_SECTIONS: Record<EnSection, { segment: string; label: string }> = {
  Politics: { segment: 'Politics', label: '정치' },
  Economy: { segment: 'Economy', label: '경제' },
  Society: { segment: 'Society', label: '사회' },
  International: { segment: 'Inter', label: '국제' },
  Culture: { segment: 'Culture', label: '문화' },
  Sports: { segment: 'Sports', label: '스포츠' },
  Opinion: { segment: 'Opinion', label: '오피니언' },
};

/** Surname in Hangul and its usual romanization. */
export const SURNAMES: readonly [string, string][] = [
  ['김', 'Kim'],
  ['이', 'Lee'],
  ['박', 'Park'],
  ['최', 'Choi'],
  ['정', 'Jung'],
  ['강', 'Kang'],
  ['조', 'Cho'],
  ['윤', 'Yoon'],
  ['장', 'Jang'],
  ['임', 'Lim'],
  ['한', 'Han'],
  ['오', 'Oh'],
  ['서', 'Seo'],
  ['신', 'Shin'],
  ['권', 'Kwon'],
  ['문', 'Moon'],
  ['송', 'Song'],
  ['홍', 'Hong'],
];

/** Given-name syllables and their romanization, syllable by syllable (no sound changes). */
export const GIVEN_SYLLABLES: readonly [string, string][] = [
  ['기', 'gi'],
  ['재', 'jae'],
  ['민', 'min'],
  ['수', 'su'],
  ['지', 'ji'],
  ['원', 'won'],
  ['현', 'hyeon'],
  ['준', 'jun'],
  ['영', 'young'],
  ['호', 'ho'],
  ['석', 'seok'],
  ['진', 'jin'],
  ['우', 'woo'],
  ['성', 'seong'],
  ['혜', 'hye'],
  ['은', 'eun'],
  ['희', 'hee'],
  ['동', 'dong'],
  ['상', 'sang'],
  ['태', 'tae'],
  ['병', 'byung'],
  ['경', 'kyung'],
  ['하', 'ha'],
  ['윤', 'yun'],
];

/** Where correspondents file from: Korean dateline. */
export const FOREIGN_DATELINES = ['워싱턴', '베이징', '도쿄', '파리', '뉴욕', '런던'] as const;
export const DOMESTIC_DATELINES = ['세종', '부산', '대전', '광주'] as const;

export const EN_TOPICS = [
  'Defense cost talks',
  'Chip exports',
  'Housing prices',
  'North Korea',
  'Minimum wage debate',
  'Semiconductor industry',
  'Seoul-Washington alliance',
  'Household debt',
  'Low birth rate',
  'Electric vehicle makers',
  'Youth unemployment',
  'Medical school quota',
  'Nuclear power policy',
  'K-pop agencies',
  'Local elections',
  'Climate pledge',
] as const;

export const EN_PREDICATES = [
  'hit a logjam',
  'surge to a record high',
  'face new hurdles',
  'draw mixed reactions',
  'slow down in second quarter',
  'spark debate in parliament',
  'prompt calls for reform',
  'show signs of recovery',
  'put pressure on government',
  'raise concerns among experts',
] as const;

export const EN_SUBJECTS = [
  'The government',
  'Seoul',
  'Washington',
  'The ruling party',
  'The main opposition party',
  'The Bank of Korea',
  'The defense ministry',
  'A diplomatic source',
  'Experts',
  'The presidential office',
  'The finance ministry',
  'Local officials',
  'Industry insiders',
  'The foreign ministry',
] as const;

export const EN_VERBS = ['said on Wednesday that', 'announced that', 'warned that', 'stressed that', 'indicated that', 'confirmed that'] as const;

export const EN_CLAUSES = [
  'the talks are still under way',
  'the deal could be finalized in the near future',
  'exports rose 4.2 percent in March',
  'the budget would be reviewed again next week',
  'interest rates will remain unchanged for now',
  'the plan faces strong opposition from lawmakers',
  'the two sides have yet to iron out their differences',
  'the policy will take effect next month',
  'prices have climbed for the third straight month',
  'the measure would cost about 1.2 trillion won',
  'the issue will be discussed at the summit',
  'companies are cutting investment amid uncertainty',
  'the number of applicants fell sharply this year',
] as const;

export const EN_TAILS = ['.', ', according to officials.', ' amid growing concerns.', ' despite the delay.', ', sources said.'] as const;

export const EN_QUOTES = [
  'There is no knowing the result until the negotiation is over',
  'We will make every effort to reach a fair agreement',
  'The situation is more serious than it looks',
  'It’s too early to draw conclusions',
] as const;

export const KO_TOPICS = [
  '방위비 협상',
  '반도체 수출',
  '집값',
  '북한 도발',
  '최저임금 논쟁',
  '한미 동맹',
  '가계부채',
  '저출산 대책',
  '전기차 업계',
  '청년 실업',
  '의대 정원',
  '원전 정책',
  '지방 선거',
  '기후 공약',
] as const;

export const KO_PREDICATES = ['막판 진통', '사상 최대', '새 난관', '엇갈린 반응', '2분기 둔화', '국회 공방', '개혁 요구', '회복 조짐'] as const;

export const KO_SUBJECTS = [
  '정부는',
  '외교부 관계자는',
  '전문가들은',
  '여당은',
  '야당은',
  '한국은행은',
  '서울시는',
  '국방부는',
  '대통령실은',
  '기획재정부는',
  '업계 관계자는',
  '협상단은',
] as const;

export const KO_ADVERBS = ['사실상', '조만간', '신중하게', '공식적으로', '다시', '이날', '지난달', '최근'] as const;

export const KO_OBJECTS = [
  '방위비 분담금 협상을',
  '기준금리 동결을',
  '새 정책을',
  '예산안을',
  '대북 제재를',
  '수출 통계를',
  '추가 대책을',
  '규제 완화 방안을',
  '협상 결과를',
  '관련 법안을',
] as const;

export const KO_VERBS = ['발표했다', '검토하고 있다', '추진한다고 밝혔다', '연기했다', '강조했다', '합의했다', '공개했다', '논의했다'] as const;

export const KO_QUOTES = ['협상 결과는 끝나 봐야 안다', '공정한 합의를 위해 노력하겠다', '상황이 생각보다 심각하다', '결론을 내리기는 아직 이르다'] as const;

export const KO_SUBTITLES = ['정부 “연내 결론” 입장 재확인', '업계 “불확실성 커져” 우려', '전문가 “장기 대책 필요”'] as const;
