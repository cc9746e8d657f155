import type { DuplicateSuggestion } from '../model/duplicate-suggestion.js';

/** One field's part of a duplicate suggestion's weight, as the explanation stores it. */
interface ExplainedField {
  readonly level: string;
  readonly weight: number;
}

/**
 * A suggestion's explanation on one line: each compared field, the level it reached and its part of
 * the weight ("name fuzzy +3.1, company exact +6.2"). Missing fields say nothing, so they are left out.
 */
export function explainSuggestion(s: DuplicateSuggestion): string {
  return Object.entries(s.explanation)
    .flatMap(([field, part]) => {
      const p = part as Partial<ExplainedField> | null;
      if (!p || typeof p.weight !== 'number' || typeof p.level !== 'string' || p.level === 'missing')
        return [];
      return [`${field} ${p.level} ${p.weight >= 0 ? '+' : ''}${p.weight.toFixed(1)}`];
    })
    .join(', ');
}

/** A date as `2026-11-01 09:05` (UTC): short enough for a table. */
export function shortDate(at: Date | string | undefined | null): string {
  if (at === undefined || at === null) return '-';
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}
