/** What every part of the chaos suite returns: its table, and per case whether it met its target. */
export interface CaseResult {
  /** Short stable name (the CI test and the README refer to cases by it). */
  name: string;
  ok: boolean;
  /** Why it failed (empty when ok). */
  problems: string[];
  /** The row printed in the part's table. */
  row: string[];
}

export interface PartResult {
  part: 'crash' | 'hostile' | 'politeness';
  title: string;
  head: string[];
  cases: CaseResult[];
  /** Lines printed under the table (settings, figures). */
  notes: string[];
  ok: boolean;
  wallMs: number;
}

export interface PartOptions {
  /** The CI form: smaller sites, fewer kills, shorter bounds. */
  quick: boolean;
  stores: ('sqlite' | 'postgres')[];
  log: (line: string) => void;
}

export function caseResult(name: string, problems: string[], row: string[]): CaseResult {
  return { name, ok: problems.length === 0, problems, row: [...row, problems.length === 0 ? 'ok' : `FAIL: ${problems.join('; ')}`] };
}
