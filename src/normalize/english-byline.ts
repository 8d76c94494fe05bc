import type { Author } from '../records/article.js';
import { cleanText } from './text.js';

/**
 * English bylines as printed at the end (or start) of a Dong-A English article. Pure.
 *
 *   `Gi-Jae Han record@donga.com`
 *   `Kim A kima@donga.com · Lee B leeb@donga.com`, `Kim A, Lee B and Park C`
 *   `By Kim Soon-deok, Senior Editorial Writer kimsd@donga.com`
 */

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** Wire services and agencies: credited, but never authors. */
const WIRE_RE =
  /^(?:the\s+)?(?:yonhap(?: news(?: agency)?)?|ap|associated press|reuters|afp|agence france-presse|newsis|news ?1|xinhua|kyodo(?: news)?|bloomberg|upi|dpa|efe|ansa|nyt|the new york times|cnn|dong-a ilbo|the dong-a ilbo|donga\.com)$/i;

/** Last word of a role phrase (`Senior Editorial Writer`, `Tokyo Correspondent`, `Professor`). */
const ROLE_HEAD = new Set([
  'writer',
  'writers',
  'correspondent',
  'correspondents',
  'reporter',
  'reporters',
  'columnist',
  'professor',
  'editor',
  'journalist',
  'fellow',
  'director',
  'researcher',
  'analyst',
  'contributor',
  'intern',
  'photographer',
  'chief',
  'lecturer',
  'ambassador',
  'chairman',
  'president',
  'ceo',
  'minister',
  'commentator',
  'critic',
  'economist',
  'attorney',
  'lawyer',
  'scholar',
  'officer',
  'manager',
  'head',
  'dean',
  'representative',
  'emeritus',
]);

/** Words a role phrase may start with, when it is glued to the name without a comma. */
const ROLE_START = new Set([
  'senior',
  'staff',
  'editorial',
  'chief',
  'deputy',
  'managing',
  'executive',
  'associate',
  'assistant',
  'visiting',
  'guest',
  'contributing',
  'intern',
  'special',
  'political',
  'economic',
  'international',
  'foreign',
  'sports',
  'culture',
  'cultural',
  'business',
  'national',
  'science',
  'medical',
  'legal',
  'desk',
  'former',
  'emeritus',
  ...ROLE_HEAD,
]);

/** Function words allowed inside a role (`Professor of Economics at Korea University`). */
const ROLE_GLUE = new Set(['of', 'at', 'the', 'for', 'in', 'on', 'and', '&', 'to']);

const NAME_WORD = /^(?:[A-Z][A-Za-z'’]*\.?|[A-Z]\.)(?:-[A-Za-z][a-z'’]*)*$/;

function isNameWords(words: string[]): boolean {
  if (words.length < 2 || words.length > 5) return false;
  return words.every((w) => NAME_WORD.test(w) && !ROLE_HEAD.has(w.toLowerCase()));
}

function isRoleWords(words: string[]): boolean {
  if (words.length === 0 || words.length > 12) return false;
  const last = words[words.length - 1]!.toLowerCase().replace(/[.,]$/, '');
  const hasHead = ROLE_HEAD.has(last) || words.some((w) => ROLE_HEAD.has(w.toLowerCase()));
  if (!hasHead) return false;
  // Content words must be capitalized (role titles are printed in title case); glue words may be lower.
  return words.every((w) => ROLE_GLUE.has(w.toLowerCase()) || /^[A-Z0-9][\w.'’&-]*$/.test(w));
}

interface Person {
  name: string;
  role: string | null;
  email: string | null;
  /** Index of the token after which the person was read. */
  pos: number;
  /** Read as `Role Name`; without an e-mail or `By`, only trusted when alone (`Professor Kim, Seoul National University` is no byline). */
  roleFirst?: boolean;
}

type Token = { kind: 'text'; text: string } | { kind: 'email'; email: string } | { kind: 'sep' };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(EMAIL_RE)) {
    pushText(out, text.slice(last, m.index));
    out.push({ kind: 'email', email: m[0].toLowerCase() });
    last = m.index + m[0].length;
  }
  pushText(out, text.slice(last));
  return out;
}

function pushText(out: Token[], s: string): void {
  // Separators between people: middle dot, comma, semicolon, slash, pipe, ampersand, `and`.
  const parts = s.split(/\s*(?:[·•∙ㆍ・,;/|&]|\band\b)\s*/);
  parts.forEach((p, i) => {
    if (i > 0) out.push({ kind: 'sep' });
    const t = p.replace(/^[\s()[\]<>:"'“”‘’—–-]+|[\s()[\]<>:"'“”‘’—–-]+$/g, '').trim();
    if (t) out.push({ kind: 'text', text: t });
  });
}

/**
 * Parses an English byline into authors, or returns null when `text` is not a byline.
 * Wire credits (Yonhap, AP, Reuters, AFP, Newsis, News1) are not authors; e-mails are lower-cased
 * and pair with the names they follow (or, when all e-mails trail, with the names in order).
 */
export function parseEnglishByline(text: string): Author[] | null {
  let t = cleanText(text);
  if (!t || t.length > 300) return null;
  let byPrefix = false;
  const by = /^by\s+/i.exec(t);
  if (by) {
    byPrefix = true;
    t = t.slice(by[0].length);
  }
  // A trailing or wrapped wire credit in parentheses: `(Yonhap)`.
  let wrappedWire = false;
  t = t.replace(/\(\s*([^()]{1,40})\s*\)/g, (all, inner: string) => {
    if (!WIRE_RE.test(inner.trim())) return all;
    wrappedWire = true;
    return ' ; ';
  });

  const tokens = tokenize(t);
  const people: Person[] = [];
  let sawRole = false;
  let sawWire = wrappedWire;
  let sawEmail = false;
  let pendingEmails: { email: string; pos: number }[] = [];
  const runs: { emails: string[]; pos: number }[] = [];

  tokens.forEach((tok, pos) => {
    if (tok.kind === 'email') {
      sawEmail = true;
      pendingEmails.push({ email: tok.email, pos });
      return;
    }
    if (pendingEmails.length) {
      runs.push({ emails: pendingEmails.map((e) => e.email), pos: pendingEmails[0]!.pos });
      pendingEmails = [];
    }
    if (tok.kind === 'sep') return;
    people.push(
      ...(readChunk(
        tok.text,
        pos,
        people,
        () => (sawRole = true),
        () => (sawWire = true),
      ) ?? [invalid]),
    );
  });
  if (pendingEmails.length) runs.push({ emails: pendingEmails.map((e) => e.email), pos: pendingEmails[0]!.pos });
  if (people.includes(invalid)) return null;

  // Each run of e-mails goes to the people read since the previous run: in order when the counts
  // match, else to the last ones (the names the e-mails sit next to).
  let from = 0;
  for (const run of runs) {
    const group = people.filter((p, i) => i >= from && p.pos < run.pos && p.email === null);
    const k = Math.min(run.emails.length, group.length);
    const targets = run.emails.length >= group.length ? group : group.slice(group.length - k);
    targets.forEach((p, i) => {
      p.email = run.emails[i] ?? null;
    });
    from = people.findIndex((p) => p.pos > run.pos);
    if (from < 0) from = people.length;
  }

  if (people.length === 0) return sawWire && !sawEmail ? [] : null;
  // Without an e-mail, a `By` prefix or a role, a run of capitalised words is as likely a headline.
  if (!sawEmail && !byPrefix && !sawRole) return null;
  if (!sawEmail && !byPrefix && people.length > 1 && people.some((p) => p.roleFirst)) return null;
  return people.map(({ name, role, email }) => ({ name, role, email }));
}

const invalid: Person = { name: '', role: null, email: null, pos: -1 };

/** One chunk between separators: a name, a name with its role, a role for the previous name, or a wire credit. */
function readChunk(chunk: string, pos: number, people: Person[], onRole: () => void, onWire: () => void): Person[] | null {
  if (WIRE_RE.test(chunk)) {
    onWire();
    return [];
  }
  const words = chunk.split(' ').filter(Boolean);
  const prev = people[people.length - 1];
  // A role right after a name (`Kim Soon-deok, Senior Editorial Writer`) belongs to that name.
  if (prev && prev.role === null && prev.email === null && isRoleWords(words) && !isNameWords(words)) {
    prev.role = words.join(' ');
    onRole();
    return [];
  }
  if (isNameWords(words)) return [{ name: words.join(' '), role: null, email: null, pos }];
  // `Reporter Kim Ji-won`, `Tokyo Correspondent Lee Sang-hoon`: the role printed before the name.
  for (let i = words.length - 2; i >= 1; i--) {
    const role = words.slice(0, i);
    const name = words.slice(i);
    if (isRoleWords(role) && isNameWords(name)) {
      onRole();
      return [{ name: name.join(' '), role: role.join(' '), email: null, pos, roleFirst: true }];
    }
  }
  // `Kim Soon-deok Senior Editorial Writer` or `Kim Soon-deok Correspondent`.
  for (let i = 1; i < words.length; i++) {
    if (!ROLE_START.has(words[i]!.toLowerCase())) continue;
    const name = words.slice(0, i);
    const role = words.slice(i);
    if (isNameWords(name) && isRoleWords(role)) {
      onRole();
      return [{ name: name.join(' '), role: role.join(' '), email: null, pos }];
    }
  }
  return null;
}
