import type { Comparison } from './comparison.js';

function prepareHandle(raw: string): string | null {
  const handle = raw.trim().replace(/^@+/, '').toLowerCase();
  return handle.length > 0 ? handle : null;
}

/** The namespace of a value written `type:value` (a stored contact's channel id), or ''. */
function namespaceOf(value: string): string {
  const colon = value.indexOf(':');
  return colon > 0 ? value.slice(0, colon) : '';
}

/**
 * Channel ids and handles (a Telegram username or user id, a Messenger page-scoped id, an Instagram
 * handle): the same account or a different one. `@mark_lim` and `mark_lim` are one handle. Two values
 * that cannot be compared, a username against a numeric id, or ids of two channels (`telegram:…`
 * against `messenger:…`), give no level at all: they say nothing either way.
 *
 * @example
 * ```ts
 * handleComparison.compare('mark_lim', 'mark_lim', '', ''); // 0
 * handleComparison.compare('mark_lim', '88120311', '', ''); // -1: not comparable
 * ```
 */
export const handleComparison: Comparison = {
  levels: ['exact', 'different'],
  prepare: prepareHandle,
  compare(a, b) {
    if (a === b) return 0;
    if (namespaceOf(a) !== namespaceOf(b)) return -1;
    const numericA = /^\d+$/.test(a.slice(a.indexOf(':') + 1));
    const numericB = /^\d+$/.test(b.slice(b.indexOf(':') + 1));
    return numericA === numericB ? 1 : -1;
  },
};
